#!/usr/bin/env python3
"""Scores a PyTorch VAE with factorbench's metrics while it trains (docs/python.md).

    PYTHONPATH=build/python python3 python/examples/train_and_score.py --steps 3000 --every 1000

The model never leaves PyTorch: factorbench calls `encode` on the images its metrics sample from the
dataset's ground-truth oracle. --count N trains on N images rendered in memory instead of the full file.
"""
import argparse

import numpy as np
import torch

import factorbench as fb


class Vae(torch.nn.Module):
    """A small fully connected VAE on 64x64x1 images."""

    def __init__(self, latents=10):
        super().__init__()
        self.enc = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4096, 256), torch.nn.ReLU(),
                                       torch.nn.Linear(256, 2 * latents))
        self.dec = torch.nn.Sequential(torch.nn.Linear(latents, 256), torch.nn.ReLU(), torch.nn.Linear(256, 4096))

    def encode(self, x):
        mean, logvar = self.enc(x).chunk(2, dim=1)
        return mean, logvar

    def loss(self, x, beta=4.0):
        mean, logvar = self.encode(x)
        z = mean + torch.randn_like(mean) * (0.5 * logvar).exp()
        recon = torch.nn.functional.binary_cross_entropy_with_logits(self.dec(z), x.flatten(1), reduction="sum")
        kl = 0.5 * (mean.pow(2) + logvar.exp() - logvar - 1).sum()
        return (recon + beta * kl) / x.shape[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--every", type=int, default=1000)
    p.add_argument("--count", type=int, default=0, help="0 = the full dSprites file (generated on first use)")
    p.add_argument("--metrics", default="factor_vae,mig")
    p.add_argument("--small", action="store_true", help="the metrics' smallest samples (tests)")
    args = p.parse_args()

    torch.manual_seed(0)
    data = fb.datasets.open("dsprites", **({"count": args.count} if args.count else {}))
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)

    def to_tensor(images):  # uint8 [n, 64, 64, 1] at the stored scale -> float [n, 1, 64, 64] in [0, 1]
        return torch.from_numpy(images).permute(0, 3, 1, 2).float() * data.pixel_scale

    def encode(images):  # what the metrics call: the posterior mean
        with torch.no_grad():
            return model.encode(to_tensor(images))[0]

    configs = {}
    if args.small:
        configs = {"factor_vae": {"batch_size": 16, "num_train": 200, "num_eval": 100,
                                  "num_variance_estimate": 400},
                   "mig": {"num_train": 1000}}
    rng = np.random.default_rng(0)
    for step in range(1, args.steps + 1):
        loss = model.loss(to_tensor(data.images(rng.integers(0, len(data), 64))))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % args.every == 0:
            model.eval()
            scores = fb.metrics.evaluate_model(encode, data, metrics=args.metrics.split(","), seed=0,
                                               configs=configs)
            model.train()
            print(f"step {step} loss {loss.item():.1f} " + " ".join(f"{k} {v:.3f}" for k, v in scores.items()),
                  flush=True)


if __name__ == "__main__":
    main()
