"""PyTorch side of `nas4j bench train-step`.

Reads from stdin the networks nas4j built (as lists of operations), builds the same networks in PyTorch, and times
a training step (forward, cross-entropy, backward, Adam step) and an inference forward pass (the output read back)
on the same shapes, with the same thread count and timing rule as nas4j: one network per line in, one JSON answer
per line out.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MAX_ROUNDS = 5
CALM_SPREAD = 0.25


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, squeeze):
        super().__init__()
        self.reduce = nn.Conv2d(channels, squeeze, 1, bias=True)
        self.expand = nn.Conv2d(squeeze, channels, 1, bias=True)

    def forward(self, x):
        gate = x.mean(dim=3, keepdim=True).mean(dim=2, keepdim=True)
        return x * torch.sigmoid(self.expand(F.relu(self.reduce(gate))))


class Residual(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        return self.body(x) + x


class GlobalAveragePool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def build(ops):
    layers = []
    for op in ops:
        kind = op["op"]
        if kind == "conv":
            k = op["kernel"]
            layers.append(nn.Conv2d(op["in"], op["out"], k, stride=op["stride"], padding=k // 2,
                                    groups=op["groups"], bias=op["bias"]))
        elif kind == "batch_norm":
            # nas4j's BatchNorm: epsilon 1e-5, running statistics updated with momentum 0.1 (PyTorch's meaning)
            layers.append(nn.BatchNorm2d(op["channels"], eps=1e-5, momentum=0.1))
        elif kind == "relu":
            layers.append(nn.ReLU())
        elif kind == "squeeze_excitation":
            layers.append(SqueezeExcitation(op["channels"], op["squeeze"]))
        elif kind == "residual":
            layers.append(Residual(build(op["body"])))
        elif kind == "global_average_pool":
            layers.append(GlobalAveragePool())
        elif kind == "linear":
            layers.append(nn.Linear(op["in"], op["out"]))
        else:
            raise ValueError("unknown operation " + kind)
    return nn.Sequential(*layers)


def timed(step, warmup, runs):
    """nas4j's rule: warm-up, then rounds of timed steps until one is calm; the calmest round's median."""
    for _ in range(warmup):
        step()
    calmest = None
    for _ in range(MAX_ROUNDS):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            step()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        median = percentile(times, 0.5)
        spread = (percentile(times, 0.9) - percentile(times, 0.1)) / median
        if calmest is None or spread < calmest[1]:
            calmest = (median, spread)
        if spread <= CALM_SPREAD:
            break
    return calmest[0]


def percentile(ordered, q):
    position = q * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def measure(row, warmup, runs, seed):
    torch.manual_seed(seed)
    model = build(row["network"])
    batch = row["batch"]
    x = torch.randn(batch, *row["input"])
    y = torch.randint(0, row["classes"], (batch,))
    result = {"name": row["name"], "parameters": sum(p.numel() for p in model.parameters())}
    if "train" in row["kinds"]:
        model.train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def train_step():
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            return loss.item()

        result["train_ms"] = timed(train_step, warmup, runs)
    if "inference" in row["kinds"]:
        model.eval()

        def inference():
            with torch.no_grad():
                return model(x).numpy()

        result["inference_ms"] = timed(inference, warmup, runs)
    return result


def main():
    """One request per line on stdin ({"threads", "warmup", "runs", "seed", "row"}), one answer per line on stdout,
    so that nas4j can alternate between itself and this process case by case."""
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        torch.set_num_threads(request["threads"])
        result = measure(request["row"], request["warmup"], request["runs"], request["seed"])
        result["torch"] = torch.__version__
        result["threads"] = torch.get_num_threads()
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
