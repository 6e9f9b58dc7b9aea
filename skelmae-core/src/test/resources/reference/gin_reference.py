"""Independent PyTorch reference of the graph family (GIN SkeletonMAE) for one micro configuration.

Writes gin_reference.npz: random weights (PyTorch layouts, skelmae names), a batch with an absent second
person, per-sample joint masks, and the losses and gradients that GinReferenceParityTest compares the
SameDiff graphs against. Written from the method description with tensors in their natural
(sample, person, frame, joint, feature) layout, einsum over the joints and torch.nn.functional layers,
not from the Java code. Run with Debian's python3-torch:  /usr/bin/python3 gin_reference.py
"""
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261201)

# the configuration of GinReferenceParityTest
N, M, T, V = 2, 2, 4, 6
D, DH, LD, STRL = 4, 5, 2, 2
BETA, EPS, SMOOTH, CLASSES = 2.0, 1e-5, 0.1, 3
BONES = [(1, 0), (2, 1), (3, 2), (4, 1), (5, 4)]

A = torch.eye(V)
for i, j in BONES:
    A[i, j] = A[j, i] = 1.0

W = {}


def param(name, shape, scale=0.3, offset=0.0):
    if name not in W:
        W[name] = torch.tensor(offset + scale * rng.standard_normal(shape), requires_grad=True)
    return W[name]


def linear(name, x, i, o, bias=True):
    return F.linear(x, param(name + ".w", (o, i)), param(name + ".b", (o,)) if bias else None)


def bn(name, x, c):
    """Training-mode batch norm over every axis but the last (features) or axis 1 for 4-D maps."""
    g, b = param(name + ".gamma", (c,), 0.2, 1.0), param(name + ".beta", (c,), 0.2)
    if x.dim() == 4:
        return F.batch_norm(x, None, None, g, b, training=True, eps=EPS)
    return F.batch_norm(x.reshape(-1, c), None, None, g, b, training=True, eps=EPS).reshape(x.shape)


def prelu(name, x, c):
    a = param(name, (c,), 0.1, 0.25)
    return torch.where(x >= 0, x, a * x)


def gin(name, h, i, hidden, o, encoding):
    """h: (graphs, V, i). (1 + 0) h_v + sum of neighbours, then the MLP; encoder layers add BN + PReLU."""
    z = torch.einsum("uv,gvd->gud", A, h)
    z = prelu(name + ".mlp.prelu", bn(name + ".mlp.bn", linear(name + ".mlp.0", z, i, hidden), hidden), hidden)
    z = linear(name + ".mlp.1", z, hidden, o)
    return prelu(name + ".prelu", bn(name + ".bn", z, o), o) if encoding else z


x = rng.standard_normal((N, 3, T, V, M))
x[0, :, :, :, 1] = 0.0                      # sample 0 has no second person
mask = np.zeros((N, V))
mask[0, [2, 3]] = 1                         # a "region" per sample, the same in every frame and person
mask[1, [5]] = 1
labels = np.array([2, 0])
head_dropout = np.array([[2.0, 0.0, 2.0, 2.0], [0.0, 2.0, 2.0, 0.0]])
out = {"input.x": x, "input.mask": mask, "input.labels": labels, "input.head_dropout": head_dropout}

coords = torch.tensor(x).permute(0, 4, 2, 3, 1)          # (N, M, T, V, 3)
present = coords.abs().sum(dim=(3, 4)) > 0                # (N, M, T)
node_mask = torch.tensor(mask)[:, None, None, :].expand(N, M, T, V)


def pretrain(target):
    lifted = linear("gin.lift", coords[present], 3, D)    # (G, V, D), only frames with a body
    m = node_mask[present].unsqueeze(-1)                   # (G, V, 1)
    h = lifted * (1 - m) + m * param("gin.mask_token", (1, D))
    i = D
    for k in range(LD):
        h = gin("gin.enc.%d" % k, h, i, DH, DH, True)
        i = DH
    z = F.linear(h, param("gin.remask.w", (DH, DH))) * (1 - m)
    y = gin("gin.dec", z, DH, DH, D, False)
    t = lifted.detach() if target == "embedded_detached" else lifted
    cos = (F.normalize(y, dim=-1) * F.normalize(t, dim=-1)).sum(-1)[m[..., 0] > 0]
    return (1 - cos).pow(BETA).mean(), cos.mean()


for target in ["embedded_detached", "embedded"]:
    loss, cosine = pretrain(target)
    names = [n for n in W if n.startswith("gin.")]
    grads = torch.autograd.grad(loss, [W[n] for n in names])
    out[target + ".loss"] = loss.detach().numpy()
    out[target + ".cosine"] = cosine.detach().numpy()
    for n, g in zip(names, grads):
        out[target + ".grad." + n] = g.numpy()


def temporal(name, x):
    """CTR-GCN's multi-scale temporal block on (N*M, C, T, V): four branches of C/4, concatenated, + x, ReLU."""
    c, b = x.shape[1], x.shape[1] // 4

    def conv(n, z, i, o, k, dil=1):
        w, bias = param(n + ".w", (o, i, k, 1)), param(n + ".b", (o,))
        return F.conv2d(z, w, bias, padding=((k - 1) // 2 * dil, 0), dilation=(dil, 1))

    branches = []
    for d in (1, 2):
        z = F.relu(bn("%s.dil%d.in.bn" % (name, d), conv("%s.dil%d.in" % (name, d), x, c, b, 1), b))
        branches.append(bn("%s.dil%d.bn" % (name, d), conv("%s.dil%d.t" % (name, d), z, b, b, 5, d), b))
    z = F.relu(bn(name + ".max.in.bn", conv(name + ".max.in", x, c, b, 1), b))
    branches.append(bn(name + ".max.bn", F.max_pool2d(z, (3, 1), stride=1, padding=(1, 0)), b))
    branches.append(bn(name + ".one.bn", conv(name + ".one", x, c, b, 1), b))
    return F.relu(torch.cat(branches, 1) + x)


def classifier():
    h = linear("gin.lift", coords, 3, D) + param("strl.pe", (T, D))[None, None, :, None, :]   # (N, M, T, V, D)
    for l in range(STRL):
        sm = []
        for p in range(M):
            hp = h[:, p].reshape(N * T, V, D)
            e, i = hp, D
            for k in range(LD):
                e = gin("strl.%d.p%d.enc.%d" % (l, p, k), e, i, DH, DH, True)
                i = DH
            pooled = e.sum(1, keepdim=True).expand(-1, V, -1)          # sum over joints, repeated at each
            sm.append((pooled + linear("strl.%d.res" % l, hp, D, DH)).reshape(N, T, V, DH))
        h = F.relu(bn("strl.%d.bn" % l, F.linear(torch.stack(sm, 1), param("strl.%d.w" % l, (D, DH))), D))   # (N, M, T, V, D)
        grid = temporal("strl.%d.tcn" % l, h.permute(0, 1, 4, 2, 3).reshape(N * M, D, T, V))
        h = grid.reshape(N, M, D, T, V).permute(0, 1, 3, 4, 2)
    pooled = h.mean(dim=(2, 3)).mean(1)                                  # frames, joints, then persons
    z = F.relu(linear("head.fc1", pooled, D, D)) * torch.tensor(head_dropout)
    logits = linear("head.fc2", z, D, CLASSES)
    return logits, F.cross_entropy(logits, torch.tensor(labels), label_smoothing=SMOOTH)


logits, loss = classifier()
names = [n for n in W if not n.startswith("gin.") or n.startswith("gin.lift")]
grads = torch.autograd.grad(loss, [W[n] for n in names])
out["classifier.logits"] = logits.detach().numpy()
out["classifier.loss"] = loss.detach().numpy()
for n, g in zip(names, grads):
    out["classifier.grad." + n] = g.numpy()
for n, w in W.items():
    out["weight." + n] = w.detach().numpy()
np.savez("gin_reference.npz", **{k: np.ascontiguousarray(v) for k, v in out.items()})
print("wrote gin_reference.npz:", len(W), "weights; pretrain losses",
      [float(out[t + ".loss"]) for t in ["embedded_detached", "embedded"]], "classifier loss", float(loss))
