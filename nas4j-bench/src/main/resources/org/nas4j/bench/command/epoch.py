"""PyTorch side of `nas4j bench epoch`.

Trains for one epoch, as a PyTorch user would write it, what nas4j trains in the same run: a stand-alone network
(built from nas4j's list of operations) or nas4j's supernet (its stored weights, and for every step the path nas4j
trains, each operation named after the weights it slices). The images come normalized from nas4j as raw float32
(N x C x H x W) and int64 labels. One JSON request per line on stdin, one JSON answer per line on stdout.
"""
import json
import re
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from train_step import build  # noqa: E402  (the stand-alone networks, as bench train-step builds them)


def one_cycle(peak, total):
    """nas4j's one-cycle: linear warm-up from peak/25 over 30% of the steps, then cosine down to peak/1e4."""
    def factor(step):
        progress = min(1.0, step / total)
        start = 1 / 25
        if progress < 0.3:
            return start + (1 - start) * progress / 0.3
        down = (progress - 0.3) / 0.7
        return 1e-4 + (1 - 1e-4) * 0.5 * (1 + math.cos(math.pi * down))
    return factor


class Supernet(nn.Module):
    """nas4j's supernet: each path's operations read the leading channels of the stored weights (and, entangled,
    the centre of the largest kernel through each smaller size's transform)."""

    def __init__(self, stored):
        super().__init__()
        self.weights = nn.ParameterDict()
        self.stats = {}
        for name, shape in stored.items():
            key = name.replace(".", "/")
            if name.endswith(".mean"):
                self.stats[name] = torch.zeros(shape)
            elif name.endswith(".var"):
                self.stats[name] = torch.ones(shape)
            elif name.endswith(".gamma"):
                self.weights[key] = nn.Parameter(torch.ones(shape))
            elif name.endswith(".beta") or name.endswith(".bias"):
                self.weights[key] = nn.Parameter(torch.zeros(shape))
            elif re.fullmatch(r"t\d+", name.rsplit(".", 1)[-1]):
                self.weights[key] = nn.Parameter(torch.eye(shape[0]))
            else:
                fan_in = max(1, int(np.prod(shape[1:])))
                self.weights[key] = nn.Parameter(torch.randn(shape) * math.sqrt(2.0 / fan_in))

    def w(self, name):
        return self.weights[name.replace(".", "/")]

    def forward(self, layers, x):
        for layer in layers:
            inp = x
            for op in layer["ops"]:
                x = self.apply(op, x)
            if layer["residual"]:
                x = x + inp
        return x

    def apply(self, op, x):
        kind = op["op"]
        name = op.get("name", "")
        if kind == "conv":
            stored = self.w(name + ".weight")
            w = stored[:op["out"], :op["in"] // op["groups"]]
            kernels = op.get("kernels", [])
            for before, after in zip(kernels, kernels[1:]):
                offset = (before - after) // 2
                centre = w[:, :, offset:offset + after, offset:offset + after]
                shape = centre.shape
                w = (centre.reshape(shape[0] * shape[1], after * after) @ self.w(name + ".t" + str(after))) \
                    .reshape(shape)
            k = op["kernel"]
            return F.conv2d(x, w, None, op["stride"], k // 2, 1, op["groups"])
        if kind == "batch_norm":
            c = op["channels"]
            return F.batch_norm(x, self.stats[name + ".mean"][:c], self.stats[name + ".var"][:c],
                                self.w(name + ".gamma")[:c], self.w(name + ".beta")[:c], True, 0.1, 1e-5)
        if kind == "relu":
            return F.relu(x)
        if kind == "squeeze_excitation":
            c, s = op["channels"], op["squeeze"]
            gate = x.mean(dim=3, keepdim=True).mean(dim=2, keepdim=True)
            hidden = F.relu(F.conv2d(gate, self.w(name + ".reduce.weight")[:s, :c],
                                     self.w(name + ".reduce.bias")[:s]))
            return x * torch.sigmoid(F.conv2d(hidden, self.w(name + ".expand.weight")[:c, :s],
                                              self.w(name + ".expand.bias")[:c]))
        if kind == "global_average_pool":
            return x.mean(dim=(2, 3))
        if kind == "linear":
            return F.linear(x, self.w(name + ".weight")[:op["out"], :op["in"]], self.w(name + ".bias")[:op["out"]])
        raise ValueError("unknown operation " + kind)


def load(request):
    shape = [request["count"]] + request["shape"]
    images = torch.from_numpy(np.fromfile(request["images"], dtype=np.float32).reshape(shape))
    labels = torch.from_numpy(np.fromfile(request["labels"], dtype=np.int64))
    return images, labels


def epoch(request):
    torch.manual_seed(request["seed"])
    images, labels = load(request)
    batch = request["batch"]
    supernet = request["mode"] == "supernet"
    model = Supernet(request["stored"]) if supernet else build(request["network"])
    model.train()
    loader = DataLoader(TensorDataset(images, labels), batch_size=batch, shuffle=True,
                        drop_last=supernet, generator=torch.Generator().manual_seed(request["seed"]))
    steps = len(loader)
    optimizer = torch.optim.Adam(model.parameters(), lr=request["learning_rate"])
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, one_cycle(request["learning_rate"], steps))
    paths = request.get("paths", [])
    started = None
    loss_value = float("nan")
    for step, (x, y) in enumerate(loader):
        optimizer.zero_grad(set_to_none=True)
        logits = model(paths[step], x) if supernet else model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        schedule.step()
        loss_value = loss.item()
        if step == 0:
            started = time.perf_counter()
    seconds = time.perf_counter() - started
    return {"steps": steps, "seconds_after_first_step": seconds, "last_loss": loss_value}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        torch.set_num_threads(request["threads"])
        result = epoch(request)
        result["torch"] = torch.__version__
        result["threads"] = torch.get_num_threads()
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
