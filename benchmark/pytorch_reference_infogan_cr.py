#!/usr/bin/python3
"""PyTorch peer of `factorbench bench infogan_cr`: the same InfoGAN-CR iteration (docs/protocols.md §2.3-§2.5) with
CR switched on (H step, D+Q step, two G steps, spectral-norm u update) on one fixed binary batch, timed
after warm-up. Prints one JSON line like engine/bench.cpp.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmark/pytorch_reference_infogan_cr.py --threads 2 --seconds 10
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

EPS = 1e-8


def l2n(x):
    return x / (x.pow(2).sum().sqrt() + 1e-12)


class SN(nn.Module):
    """Conv k4 s2 p1 or dense layer with one power iteration per forward from a stored u (written back by
    update_u only), gradients through the iteration."""

    def __init__(self, shape, conv, sn=True):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(shape).normal_(0, 0.02))
        self.bias = nn.Parameter(torch.zeros(shape[0]))
        self.conv, self.sn = conv, sn
        if sn:
            self.register_buffer("u", l2n(torch.randn(1, shape[0])))

    def _iterate(self):
        wt = self.weight.reshape(self.weight.shape[0], -1)
        v = l2n(self.u @ wt)
        u = l2n(v @ wt.t())
        return (v @ wt.t() @ u.t()).reshape(()), u

    def forward(self, x):
        w = self.weight / self._iterate()[0] if self.sn else self.weight
        return F.conv2d(x, w, self.bias, stride=2, padding=1) if self.conv else F.linear(x, w, self.bias)

    @torch.no_grad()
    def update_u(self):
        if self.sn:
            self.u.copy_(self._iterate()[1])


def lrelu():
    return nn.LeakyReLU(0.2)


class G(nn.Module):
    def __init__(self, inp=10, c=1):
        super().__init__()
        self.dense = nn.Sequential(nn.Linear(inp, 128), nn.ReLU(), nn.BatchNorm1d(128), nn.Linear(128, 1024),
                                   nn.ReLU(), nn.BatchNorm1d(1024))
        up = lambda i, o: nn.ConvTranspose2d(i, o, 4, 2, 1)
        self.up = nn.Sequential(up(64, 64), lrelu(), nn.BatchNorm2d(64), up(64, 32), lrelu(), nn.BatchNorm2d(32),
                                up(32, 32), lrelu(), nn.BatchNorm2d(32), up(32, c), nn.Sigmoid())

    def forward(self, x):
        return self.up(self.dense(x).view(-1, 64, 4, 4))


def trunk(c, sn):
    return [SN((32, c, 4, 4), True, sn), lrelu(), SN((32, 32, 4, 4), True, sn), lrelu(), SN((64, 32, 4, 4), True, sn),
            lrelu(), SN((64, 64, 4, 4), True, sn), lrelu(), nn.Flatten(), SN((128, 1024), False, sn), lrelu()]


class D(nn.Module):
    def __init__(self, c=1, k=5):
        super().__init__()
        self.trunk = nn.Sequential(*trunk(c, True))
        self.d = nn.Sequential(SN((1, 128), False), nn.Sigmoid())
        self.q = nn.Sequential(SN((128, 128), False), lrelu(), SN((k, 128), False))

    def forward(self, x):
        h = self.trunk(x)
        return self.d(h).squeeze(1), self.q(h)


class H(nn.Module):
    def __init__(self, c=1, k=5):
        super().__init__()
        self.net = nn.Sequential(*trunk(2 * c, True), SN((k, 128), False, False))

    def forward(self, a, b):
        return self.net(torch.cat([a, b], 1))


def update_u(m):
    for mod in m.modules():
        if isinstance(mod, SN):
            mod.update_u()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    k, z, b, lam, alpha = 5, 5, a.batch, 0.05, 2.0
    g, d, h = G(), D(), H()
    og = torch.optim.Adam(g.parameters(), 1e-3, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-3, betas=(0.5, 0.999))
    oh = torch.optim.Adam(h.parameters(), 2e-3, betas=(0.5, 0.999))
    real = (torch.rand(b, 1, 64, 64) < 0.5).float()
    half_log_2pi = 0.5 * math.log(2 * math.pi)
    info = lambda q, c: (0.5 * (q - c) ** 2 + half_log_2pi).sum(1).mean()

    def pairs():
        i = torch.randint(k, (b,))
        shared = torch.rand(b, 1) * 2 - 1
        c1, c2 = torch.rand(b, k) * 2 - 1, torch.rand(b, k) * 2 - 1
        mask = F.one_hot(i, k).bool()
        c1 = torch.where(mask, shared.expand(b, k), c1)
        c2 = torch.where(mask, shared.expand(b, k), c2)
        noise = torch.rand(b, z) * 2 - 1
        return torch.cat([torch.cat([c1, noise], 1), torch.cat([c2, noise], 1)]), i

    def step():
        c = torch.rand(b, k) * 2 - 1
        lat = torch.cat([c, torch.rand(b, z) * 2 - 1], 1)
        plat, idx = pairs()
        g.train()
        with torch.no_grad():
            pim = g(plat)
        hl = F.cross_entropy(h(pim[:b], pim[b:]), idx)
        oh.zero_grad()
        hl.backward()
        oh.step()
        with torch.no_grad():
            fake = g(lat)
        p, q = d(torch.cat([real, fake]))
        dl = -torch.log(p[:b] + EPS).mean() - torch.log(1 - p[b:] + EPS).mean() + lam * info(q[b:], c)
        od.zero_grad()
        dl.backward()
        od.step()
        for _ in range(2):
            p, q = d(g(lat))
            pim = g(plat)
            gl = -torch.log(p + EPS).mean() + lam * info(q, c) + alpha * F.cross_entropy(h(pim[:b], pim[b:]), idx)
            og.zero_grad()
            gl.backward(inputs=list(g.parameters()))
            og.step()
        update_u(d)
        update_u(h)
        return gl.item()

    for _ in range(3):
        step()
    t0, steps = time.perf_counter(), 0
    while True:
        step()
        steps += 1
        sec = time.perf_counter() - t0
        if sec >= a.seconds:
            break
    print(json.dumps({"implementation": "pytorch", "torch": torch.__version__, "model": "infogan_cr", "batch": b,
                      "threads": a.threads, "steps": steps, "seconds": sec, "images_per_s": steps * b / sec}))


if __name__ == "__main__":
    main()
