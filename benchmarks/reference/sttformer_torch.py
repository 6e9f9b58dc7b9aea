"""PyTorch reference of skelmae's STTFormer models, for side-by-side speed measurements.

The same model as skelmae-core (SPEC §2-§4), written the way a PyTorch user would: einsum attention,
Conv2d/BatchNorm2d, advanced indexing for the masked gathers. Weights and a batch come from an .npz that
skelmae's PerformanceBenchmark exports (skelmae parameter names; conv weights in skelmae's (kh, kw, in, out)
layout are permuted to PyTorch's (out, in, kh, kw)).

    python3 sttformer_torch.py <export.npz> <mode> <iterations> [threads]      (reads <export>.json beside it)
      mode: pretrain | finetune | inference | parity

Prints one JSON line per measurement: {"mode", "ms": [...], "loss"}.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


class Model:
    def __init__(self, npz, meta):
        self.cfg = meta["config"]
        self.joints = int(meta["joints"])
        self.persons = int(meta["persons"])
        self.classes = int(meta["classes"])
        self.p = {}
        for k in npz.files:
            if k.startswith("param/"):
                a = torch.tensor(npz[k])
                if a.dim() == 4:
                    a = a.permute(3, 2, 0, 1).contiguous()          # (kh, kw, in, out) -> (out, in, kh, kw)
                self.p[k[6:]] = a.requires_grad_(True)
        self.state = {k[6:]: torch.tensor(npz[k]) for k in npz.files if k.startswith("state/")}
        c = self.cfg
        self.L, self.H = c["framesPerTuple"], c["heads"]
        self.T = c["sampling"]["frames"]
        self.kt, self.ks = c["temporalKernel"], c["spatialKernel"]
        self.slope, self.eps = c["leakySlope"], c["bnEpsilon"]
        self.pe = {}

    def params(self, prefix=""):
        return [v for k, v in self.p.items() if k.startswith(prefix)]

    def conv(self, name, x, kh, kw):
        return F.conv2d(x, self.p[name + ".w"], self.p[name + ".b"], padding=(kh // 2, kw // 2))

    def bn(self, name, x, train, affine=True):
        if train:
            return F.batch_norm(x, None, None, self.p.get(name + ".gamma") if affine else None,
                                self.p.get(name + ".beta") if affine else None, True, 0.0, self.eps)
        return F.batch_norm(x, self.state[name + ".running_mean"], self.state[name + ".running_var"],
                            self.p.get(name + ".gamma") if affine else None, self.p.get(name + ".beta") if affine else None,
                            False, 0.0, self.eps)

    def act(self, x):
        return F.leaky_relu(x, self.slope)

    def sinusoid(self, c, positions):
        key = (c, positions)
        if key not in self.pe:
            pe = torch.zeros(positions, c)
            pos = torch.arange(positions, dtype=torch.float32).unsqueeze(1)
            div = torch.exp(torch.arange(0, c, 2, dtype=torch.float32) * -(np.log(10000.0) / c))
            pe[:, 0::2] = torch.sin(pos * div)
            pe[:, 1::2] = torch.cos(pos * div)[:, : c // 2]
            self.pe[key] = pe.t().contiguous()
        return self.pe[key]

    def block(self, name, x, spec, slots, train):
        ci, co, d = spec["in"], spec["out"], spec["qkv"]
        n, _, tp, vp = x.shape
        vf = self.L * self.joints
        pe = self.sinusoid(ci, vf)
        a0 = self.p[name + ".a0"]
        if slots is None:
            pe_g, a0_g = pe.view(1, ci, 1, vf), a0.unsqueeze(0)
        else:
            pe_g = pe[:, slots].permute(1, 0, 2).unsqueeze(2)                       # (B, C, 1, V')
            a0_g = a0[:, slots.unsqueeze(2), slots.unsqueeze(1)].permute(1, 0, 2, 3)  # (B, H, V', V')
        qk = self.conv(name + ".qk", x + pe_g, 1, 1).view(n, 2 * self.H, d, tp, vp)
        q, k = torch.chunk(qk, 2, dim=1)
        att = torch.tanh(torch.einsum("nhctu,nhctv->nhuv", q, k) / (d * tp)) * self.p[name + ".alpha"].view(1, self.H, 1, 1) + a0_g
        y = torch.einsum("nctu,nhuv->nhctv", x, att).reshape(n, self.H * ci, tp, vp)
        proj = self.bn(name + ".proj.bn", self.conv(name + ".proj", y, 1, self.ks), train)
        res = x if ci == co else self.bn(name + ".ress.bn", self.conv(name + ".ress", x, 1, 1), train)
        x1 = self.act(proj + res)
        x2 = self.act(self.bn(name + ".ff.bn", self.conv(name + ".ff", x1, 1, 1), train) + res)
        skip = x2 if ci == co else self.bn(name + ".rest.bn", self.conv(name + ".rest", x2, 1, 1), train)
        return self.act(self.bn(name + ".tconv.bn", self.conv(name + ".tconv", x2, self.kt, 1), train) + skip)

    def embedding(self, name, frame_index, joint_index, frames, joints):
        et, ev = self.p[name + ".t"], self.p[name + ".v"]
        c = et.shape[1]
        if frame_index is None:
            return (et.t().view(1, c, self.T, 1) + ev.t().view(1, c, 1, self.joints)).reshape(1, c, self.T // self.L, self.L * self.joints)
        e = et[frame_index].unsqueeze(2) + ev[joint_index].unsqueeze(1)
        return e.permute(0, 3, 1, 2).reshape(-1, c, frames // self.L, self.L * joints)

    def encoder(self, x, frames, joints, fi, ji, slots, train):
        c0 = self.cfg["inputChannels"]
        h = x.reshape(-1, 3, frames // self.L, self.L * joints)
        h = self.act(self.bn("enc.input.bn", self.conv("enc.input", h, 1, 1), train))
        if self.cfg["inputEmbedding"]:
            h = h + self.embedding("enc.embed", fi, ji, frames, joints)
        for i, spec in enumerate(self.cfg["encoder"]):
            h = self.block("enc.block%d" % i, h, spec, slots, train)
        return h

    def pretrain_loss(self, b, train=True):
        fi, ji, slots = b["frame_index"], b["joint_index"], b["slot_index"]
        x_vis, target, masked, loss_mask = b["x_visible"], b["x_full"], b["masked_grid"], b["loss_mask"]
        tk, jk = fi.shape[1], ji.shape[1]
        h = self.encoder(x_vis, tk, jk, fi, ji, slots, train)
        lat = self.cfg["latent"]
        c = h.shape[1]
        extra = 0.0
        if lat["type"] == "VAE":
            flat = h.reshape(h.shape[0], -1)
            out = flat @ self.p["latent.vae.enc.w"].t() + self.p["latent.vae.enc.b"]
            dim = lat["vaeDim"]
            mu, lv = out[:, :dim], torch.clamp(out[:, dim:], lat["logVarMin"], lat["logVarMax"])
            z = mu + torch.exp(0.5 * lv) * b["vae_noise"] if train else mu
            g = (z @ self.p["latent.vae.dec.w"].t() + self.p["latent.vae.dec.b"]).reshape(h.shape)
            extra = lat["klWeight"] * (0.5 * (torch.exp(lv) - 1 - lv + mu * mu).sum(1)).mean()
        elif lat["type"] == "VQ":
            e = self.p["latent.vq.codebook"]
            z = h.permute(0, 2, 3, 1).reshape(-1, c)
            codes = ((z * z).sum(1, keepdim=True) - 2 * z @ e.t() + (e * e).sum(1).view(1, -1)).argmin(1)
            zq = e[codes]
            extra = ((z.detach() - zq) ** 2).mean() + lat["commitment"] * ((z - zq.detach()) ** 2).mean()
            g = (z + (zq - z).detach()).reshape(h.shape[0], h.shape[2], h.shape[3], c).permute(0, 3, 1, 2)
        else:
            g = h
        d = g.shape[1]
        n = g.shape[0]
        grid = torch.zeros(n, d, self.T, self.joints)
        rows = torch.arange(n).view(n, 1, 1)
        grid = grid.permute(0, 2, 3, 1).index_put((rows, fi.unsqueeze(2), ji.unsqueeze(1)), g.reshape(n, d, tk, jk).permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        grid = grid + masked * self.p["dec.mask_token"].view(1, d, 1, 1)
        if self.cfg["decoderEmbedding"]:
            grid = grid + self.embedding("dec.embed", None, None, self.T, self.joints).reshape(1, d, self.T, self.joints)
        hd = grid.reshape(n, d, self.T // self.L, self.L * self.joints)
        for i, spec in enumerate(self.cfg["decoder"]):
            hd = self.block("dec.block%d" % i, hd, spec, None, train)
        recon = self.conv("dec.out", hd, 1, 1).reshape(n, 3, self.T, self.joints)
        rec = (((recon - target) ** 2) * loss_mask).sum() / loss_mask.sum()
        return rec + extra

    def logits(self, x, train=True):
        m = self.persons
        rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, self.T, self.joints)
        h = self.encoder(rows, self.T, self.joints, None, None, None, train)
        pooled = h.mean(dim=(2, 3)).view(x.shape[0], m, -1).mean(1)
        return pooled @ self.p["head.fc.w"].t() + self.p["head.fc.b"]


def batch_tensors(npz):
    b = {}
    for k in npz.files:
        if k.startswith("batch/"):
            a = npz[k]
            b[k[6:]] = torch.tensor(a.astype(np.int64) if a.dtype.kind in "iu" else a)
    return b


def adam_step(params, opt):
    opt.step()
    opt.zero_grad(set_to_none=True)


def main():
    path, mode, iters = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    npz = np.load(path)
    with open(path[:-4] + ".json") as f:
        meta = json.load(f)
    model = Model(npz, meta)
    b = batch_tensors(npz)
    if mode == "parity":
        with torch.no_grad():
            train = meta.get("mode") != "inference"
            if "x_visible" in b:
                loss = float(model.pretrain_loss(b, train=True))
            else:
                loss = float(F.cross_entropy(model.logits(b["x"], train=train), b["labels"].long()))
        java = meta.get("javaLoss")
        rel = abs(loss - java) / max(1e-12, abs(java)) if java is not None else None
        print(json.dumps({"mode": "parity", "torchLoss": loss, "javaLoss": java, "relativeDifference": rel}))
        return
    opt = torch.optim.Adam(model.params(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-4)
    times = []
    loss = None
    for _ in range(iters):
        t0 = time.perf_counter()
        if mode == "pretrain":
            loss = model.pretrain_loss(b, train=True)
            loss.backward()
            adam_step(model.params(), opt)
        elif mode == "finetune":
            loss = F.cross_entropy(model.logits(b["x"], train=True), b["labels"].long())
            loss.backward()
            adam_step(model.params(), opt)
        else:
            with torch.no_grad():
                loss = model.logits(b["x"], train=False).sum()
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"mode": mode, "ms": times, "loss": float(loss), "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
