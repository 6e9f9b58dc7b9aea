"""Independent PyTorch reference of the skelmae model for one micro configuration.

Writes reference.npz: random weights (PyTorch layouts, skelmae names), inputs, per-row masks, and the
outputs and gradients that ReferenceParityTest compares the SameDiff graphs against. Written from
SPEC §2-§4 with explicit gathers/scatters and einsum, not from the Java code.
Run with Debian's python3-torch:  /usr/bin/python3 sttformer_reference.py
"""
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261123)

# the configuration of MicroModels.config
T, L, V, M, C0, H, KT, KS = 4, 2, 5, 2, 4, 2, 3, 3
ENC = [(4, 4, 2), (4, 6, 2)]
DEC = [(6, 4, 2)]
TK, JK = 2, 3                      # round(0.5 * 4), round(0.6 * 5)
DIM, K, KL_W, COMMIT = 3, 6, 0.5, 0.25
SLOPE, EPS = 0.1, 1e-5
N, CLASSES = 3, 4

W = {}


def param(name, shape, scale=0.3, offset=0.0):
    W[name] = torch.tensor(offset + scale * rng.standard_normal(shape), requires_grad=True)
    return W[name]


def conv(name, x, ci, co, kh, kw):
    w = W.get(name + ".w")
    if w is None:
        w, b = param(name + ".w", (co, ci, kh, kw)), param(name + ".b", (co,))
    return F.conv2d(x, W[name + ".w"], W[name + ".b"], padding=(kh // 2, kw // 2))


def bn(name, x, c):
    if name + ".gamma" not in W:
        param(name + ".gamma", (c,), 0.2, 1.0)
        param(name + ".beta", (c,), 0.2)
    mean = x.mean(dim=(0, 2, 3), keepdim=True)
    var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
    return (x - mean) / torch.sqrt(var + EPS) * W[name + ".gamma"].view(1, c, 1, 1) + W[name + ".beta"].view(1, c, 1, 1)


def lrelu(x):
    return F.leaky_relu(x, SLOPE)


def sinusoid(c, positions):
    pe = torch.zeros(positions, c)
    pos = torch.arange(positions, dtype=torch.float64).unsqueeze(1)
    div = torch.exp(torch.arange(0, c, 2, dtype=torch.float64) * -(np.log(10000.0) / c))
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe.t()                  # (C, positions)


def block(name, x, spec, slot_index):
    """STTFormer block; slot_index (N, V') holds each slot's full position, or None on the full grid."""
    ci, co, d = spec
    n, _, tp, vp = x.shape
    vf = L * V
    if name + ".alpha" not in W:
        param(name + ".alpha", (H,), 0.2, 1.0)
        param(name + ".a0", (H, vf, vf), 0.1, 1.0 / vf)
    pe = sinusoid(ci, vf)
    if slot_index is None:
        pe_g = pe.view(1, ci, 1, vf)
        a0 = W[name + ".a0"].unsqueeze(0)
    else:
        pe_g = torch.stack([pe[:, s] for s in slot_index]).unsqueeze(2)
        a0 = torch.stack([W[name + ".a0"][:, s][:, :, s] for s in slot_index])
    qk = conv(name + ".qk", x + pe_g, ci, 2 * H * d, 1, 1).view(n, 2 * H, d, tp, vp)
    q, k = torch.chunk(qk, 2, dim=1)
    att = torch.tanh(torch.einsum("nhctu,nhctv->nhuv", q, k) / (d * tp)) * W[name + ".alpha"].view(1, H, 1, 1) + a0
    y = torch.einsum("nctu,nhuv->nhctv", x, att).reshape(n, H * ci, tp, vp)
    proj = bn(name + ".proj.bn", conv(name + ".proj", y, H * ci, co, 1, KS), co)
    res = x if ci == co else bn(name + ".ress.bn", conv(name + ".ress", x, ci, co, 1, 1), co)
    x1 = lrelu(proj + res)
    x2 = lrelu(bn(name + ".ff.bn", conv(name + ".ff", x1, co, co, 1, 1), co) + res)
    skip = x2 if ci == co else bn(name + ".rest.bn", conv(name + ".rest", x2, co, co, 1, 1), co)
    return lrelu(bn(name + ".tconv.bn", conv(name + ".tconv", x2, co, co, KT, 1), co) + skip)


def embedding(name, c, frame_index, joint_index, frames, joints):
    if name + ".t" not in W:
        param(name + ".t", (T, c), 0.3)
        param(name + ".v", (V, c), 0.3)
    et, ev = W[name + ".t"], W[name + ".v"]
    if frame_index is None:
        return (et.t().view(1, c, T, 1) + ev.t().view(1, c, 1, V)).reshape(1, c, T // L, L * V)
    e = et[frame_index].unsqueeze(2) + ev[joint_index].unsqueeze(1)     # (N, frames, joints, C)
    return e.permute(0, 3, 1, 2).reshape(-1, c, frames // L, L * joints)


def encoder(x, frames, joints, frame_index, joint_index, slot_index):
    h = x.reshape(-1, 3, frames // L, L * joints)
    h = lrelu(bn("enc.input.bn", conv("enc.input", h, 3, C0, 1, 1), C0))
    h = h + embedding("enc.embed", C0, frame_index, joint_index, frames, joints)
    for i, spec in enumerate(ENC):
        h = block("enc.block%d" % i, h, spec, slot_index)
    return h


def decoder(g, frame_index, joint_index, masked):
    d = DEC[0][0]
    n = g.shape[0]
    visible = g.reshape(n, d, TK, JK)
    grid = torch.zeros(n, d, T, V)
    for r in range(n):
        grid[r][:, frame_index[r][:, None], joint_index[r][None, :]] = visible[r]
    if "dec.mask_token" not in W:
        param("dec.mask_token", (d,), 0.3)
    grid = grid + masked * W["dec.mask_token"].view(1, d, 1, 1)
    grid = grid + embedding("dec.embed", d, None, None, T, V).reshape(1, d, T, V)
    h = grid.reshape(n, d, T // L, L * V)
    for i, spec in enumerate(DEC):
        h = block("dec.block%d" % i, h, spec, None)
    return conv("dec.out", h, DEC[-1][1], 3, 1, 1).reshape(n, 3, T, V)


def masks(n_rows):
    frames, joints = [], []
    for _ in range(n_rows):
        frames.append(np.sort(rng.permutation(T)[:TK]))
        joints.append(np.sort(rng.permutation(V)[:JK]))
    return np.array(frames), np.array(joints)


def pretrain(kind, x_rows, frame_index, joint_index, noise):
    n = x_rows.shape[0]
    slot = np.array([[p * V + v for p in range(L) for v in joint_index[r]] for r in range(n)])
    visible = torch.stack([x_rows[r][:, frame_index[r][:, None], joint_index[r][None, :]] for r in range(n)])
    h = encoder(visible, TK, JK, torch.tensor(frame_index), torch.tensor(joint_index), slot)
    parts = {}
    latent_loss = 0.0
    c = ENC[-1][1]
    if kind == "vae":
        flat = h.reshape(n, -1)
        if "latent.vae.enc.w" not in W:
            param("latent.vae.enc.w", (2 * DIM, flat.shape[1]), 0.1)
            param("latent.vae.enc.b", (2 * DIM,), 0.3)
            param("latent.vae.dec.w", (flat.shape[1], DIM), 0.3)
            param("latent.vae.dec.b", (flat.shape[1],), 0.3)
        out = flat @ W["latent.vae.enc.w"].t() + W["latent.vae.enc.b"]
        mu, logvar = out[:, :DIM], torch.clamp(out[:, DIM:], -30, 20)
        z = mu + torch.exp(0.5 * logvar) * noise
        g = (z @ W["latent.vae.dec.w"].t() + W["latent.vae.dec.b"]).reshape(h.shape)
        kl = (0.5 * (torch.exp(logvar) - 1 - logvar + mu * mu).sum(1)).mean()
        parts["loss.kl"] = kl
        latent_loss = KL_W * kl
    elif kind == "vq":
        if "latent.vq.codebook" not in W:
            param("latent.vq.codebook", (K, c), 0.5)
        e = W["latent.vq.codebook"]
        z = h.permute(0, 2, 3, 1).reshape(-1, c)
        dist = (z * z).sum(1, keepdim=True) - 2 * z @ e.t() + (e * e).sum(1).view(1, K)
        codes = dist.argmin(1)
        zq = e[codes]
        codebook = ((z.detach() - zq) ** 2).mean()
        commitment = ((z - zq.detach()) ** 2).mean()
        parts["loss.codebook"], parts["loss.commitment"] = codebook, commitment
        latent_loss = codebook + COMMIT * commitment
        g = (z + (zq - z).detach()).reshape(n, h.shape[2], h.shape[3], c).permute(0, 3, 1, 2)
        parts["vq_codes"] = codes
    else:
        g = h
    masked = torch.ones(n, 1, T, V)
    for r in range(n):
        masked[r, 0, frame_index[r][:, None], joint_index[r][None, :]] = 0
    recon = decoder(g, frame_index, joint_index, masked)
    rec = (((recon - x_rows) ** 2) * masked).sum() / (3 * masked.sum())
    parts["loss.reconstruction"] = rec
    return rec + latent_loss, recon, parts


def classify(x):
    rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, T, V)
    h = encoder(rows, T, V, None, None, None)
    pooled = h.mean(dim=(2, 3)).view(x.shape[0], M, -1).mean(1)
    if "head.fc.w" not in W:
        param("head.fc.w", (CLASSES, pooled.shape[1]), 0.3)
        param("head.fc.b", (CLASSES,), 0.3)
    return pooled @ W["head.fc.w"].t() + W["head.fc.b"]


out = {}
x = torch.tensor(rng.standard_normal((N, 3, T, V, M)))
x[0, :, :, :, 1] = 0                                  # sample 0 has no second actor
out["input.x"] = x.numpy()
rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, T, V)
keep = [r for r in range(rows.shape[0]) if rows[r].abs().sum() > 0]
rows = rows[keep]
frame_index, joint_index = masks(rows.shape[0])
out["input.frame_index"], out["input.joint_index"] = frame_index, joint_index
noise = torch.tensor(rng.standard_normal((rows.shape[0], DIM)))
out["input.vae_noise"] = noise.numpy()
for kind in ["none", "vae", "vq"]:
    W = {k: v for k, v in W.items() if not k.startswith("latent.")}
    for v in W.values():
        v.grad = None
    loss, recon, parts = pretrain(kind, rows, frame_index, joint_index, noise)
    loss.backward()
    out[kind + ".loss"] = np.array(loss.item())
    out[kind + ".reconstruction"] = recon.detach().numpy()
    for k, v in parts.items():
        out[kind + "." + k] = v.detach().numpy() if torch.is_tensor(v) else np.array(v)
    for k, v in W.items():
        if v.grad is not None:
            out[kind + ".grad." + k] = v.grad.numpy()
    for k, v in W.items():
        out["weight." + k] = v.detach().numpy()
labels = np.array([1, 3, 0])
for v in W.values():
    v.grad = None
logits = classify(x)
ce = F.cross_entropy(logits, torch.tensor(labels))
ce.backward()
out["classifier.logits"], out["classifier.loss"], out["input.labels"] = logits.detach().numpy(), np.array(ce.item()), labels
out["classifier.grad.head.fc.w"] = W["head.fc.w"].grad.numpy()
out["classifier.grad.enc.block0.proj.w"] = W["enc.block0.proj.w"].grad.numpy()
for k, v in W.items():
    out["weight." + k] = v.detach().numpy()
np.savez("reference.npz", **out)
print("wrote reference.npz: %d arrays, losses none %.6f vae %.6f vq %.6f classifier %.6f" % (
    len(out), out["none.loss"], out["vae.loss"], out["vq.loss"], out["classifier.loss"]))
