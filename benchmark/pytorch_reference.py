#!/usr/bin/env python3
"""PyTorch peer of `factorbench bench train`: the same VAE-family model, loss and optimiser written the way
users write them (nn.Sequential, nn.ConvTranspose2d), timed on one fixed random batch, printed as the same
JSON line. Runs in PyTorch's fastest CPU thread configuration: OpenBLAS limited to one thread (set before
torch is imported) and `--threads` torch threads.

    /usr/bin/python3 benchmark/pytorch_reference.py --model beta_vae --batch 64 --seconds 10 --threads 2
    build/cli/factorbench bench train --model beta_vae --batch 64 --seconds 10 --threads 2
"""
import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # must precede `import torch`

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

MODELS = ("vae", "beta_vae", "annealed_vae", "beta_tcvae", "dip_vae_1", "dip_vae_2", "factor_vae")


def encoder(channels, latent):
    """disentanglement_lib's conv encoder (docs/protocols.md §2.1); returns the trunk and the two heads."""
    trunk = nn.Sequential(
        nn.Conv2d(channels, 32, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(32, 32, 4, 2, 1), nn.ReLU(),
        nn.Conv2d(32, 64, 2, 2, 0), nn.ReLU(),
        nn.Conv2d(64, 64, 2, 2, 0), nn.ReLU(),
        nn.Flatten(), nn.Linear(1024, 256), nn.ReLU())
    return trunk, nn.Linear(256, latent), nn.Linear(256, latent)


def decoder(channels, latent):
    return nn.Sequential(
        nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, 1024), nn.ReLU(),
        nn.Unflatten(1, (64, 4, 4)),
        nn.ConvTranspose2d(64, 64, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(32, 32, 4, 2, 1), nn.ReLU(),
        nn.ConvTranspose2d(32, channels, 4, 2, 1))


def discriminator(latent):
    layers, width = [], latent
    for _ in range(6):
        layers += [nn.Linear(width, 1000), nn.LeakyReLU(0.2)]
        width = 1000
    return nn.Sequential(*layers, nn.Linear(1000, 2))


def glorot(module):
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


class Vae(nn.Module):
    def __init__(self, model, channels, latent=10):
        super().__init__()
        self.model = model
        self.trunk, self.mean, self.logvar = encoder(channels, latent)
        self.decoder = decoder(channels, latent)
        glorot(self)

    def forward(self, x):
        h = self.trunk(x)
        mean, logvar = self.mean(h), self.logvar(h)
        z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
        return mean, logvar, z, self.decoder(z)


def total_correlation(z, mean, logvar):
    log_qz_prob = -0.5 * ((z.unsqueeze(1) - mean.unsqueeze(0)) ** 2 * torch.exp(-logvar.unsqueeze(0))
                          + logvar.unsqueeze(0) + math.log(2 * math.pi))
    log_qz = torch.logsumexp(log_qz_prob.sum(2), dim=1)
    log_qz_product = torch.logsumexp(log_qz_prob, dim=1).sum(1)
    return (log_qz - log_qz_product).mean()


def dip_penalty(mean, logvar, second, lambda_od=10.0):
    centred = mean - mean.mean(0, keepdim=True)
    cov = centred.t() @ centred / mean.shape[0]
    if second:
        cov = cov + torch.diag(torch.exp(logvar).mean(0))
    lambda_d = lambda_od if second else 10 * lambda_od
    diag = torch.diagonal(cov)
    return lambda_od * (cov - torch.diag(diag)).pow(2).sum() + lambda_d * (diag - 1).pow(2).sum()


def make_step(model, vae, x):
    optimizer = torch.optim.Adam(vae.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    if model == "factor_vae":
        disc = discriminator(10)
        glorot(disc)
        d_optimizer = torch.optim.Adam(disc.parameters(), lr=1e-4, betas=(0.5, 0.9), eps=1e-8)

    state = {"step": 0}

    def step():
        mean, logvar, z, logits = vae(x)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.shape[0]
        kl = 0.5 * (mean.pow(2) + logvar.exp() - logvar - 1).sum(1).mean()
        if model == "factor_vae":
            logits_z = disc(z)
            loss = recon + kl + 10.0 * (logits_z[:, 0] - logits_z[:, 1]).mean()
            zd = z.detach()
            perm = torch.argsort(torch.rand_like(zd), dim=0)
            logits_perm = disc(torch.gather(zd, 0, perm))
            p_z = F.softmax(logits_z, 1).clamp(1e-6, 1 - 1e-6)
            p_perm = F.softmax(logits_perm, 1).clamp(1e-6, 1 - 1e-6)
            d_loss = -(0.5 * p_z[:, 0].log().mean() + 0.5 * p_perm[:, 1].log().mean())
            vae_params, d_params = list(vae.parameters()), list(disc.parameters())
            grads = torch.autograd.grad(loss, vae_params, retain_graph=True)
            d_grads = torch.autograd.grad(d_loss, d_params)
            for p, g in zip(vae_params, grads):
                p.grad = g
            for p, g in zip(d_params, d_grads):
                p.grad = g
            optimizer.step()
            d_optimizer.step()
        else:
            if model == "beta_vae":
                reg = 4.0 * kl
            elif model == "annealed_vae":
                reg = 1000.0 * (kl - min(25.0, 25.0 * state["step"] / 100000)).abs()
            elif model == "beta_tcvae":
                reg = kl + 5.0 * total_correlation(z, mean, logvar)
            elif model in ("dip_vae_1", "dip_vae_2"):
                reg = kl + dip_penalty(mean, logvar, model == "dip_vae_2")
            else:
                reg = kl
            loss = recon + reg
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        state["step"] += 1
        return loss.item()

    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="beta_vae", choices=MODELS)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--channels", type=int, default=1, choices=(1, 3))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    vae = Vae(args.model, args.channels)
    x = (torch.rand(args.batch, args.channels, 64, 64) < 0.5).float()
    step = make_step(args.model, vae, x)
    for _ in range(3):  # warm-up, as `factorbench bench train`
        step()
    steps, start = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        seconds = time.perf_counter() - start
        if seconds >= args.seconds:
            break
    print(json.dumps({"implementation": "pytorch", "model": args.model, "batch": args.batch,
                      "threads": args.threads, "device": "cpu", "steps": steps, "seconds": seconds,
                      "images_per_s": steps * args.batch / seconds, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
