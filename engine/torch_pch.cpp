// The translation unit that builds the precompiled <torch/torch.h> every torch target reuses.
