#!/usr/bin/env python3
"""The eager-PyTorch reference for `./okdhp bench predict`: a model folder's network at inference.

Loads `hourglass.npz` of an okdhp model folder into pytorch-pose's HourglassNet, or for a light
student into a torchvision backbone with HRNet's PoseResNet head (both written out here under the
same module names, loaded with strict=True), and times the network alone on random
normalised inputs: for each batch size, warm-up passes, then the median and 90th-percentile
latency per pass and images per second, as `okdhp bench predict` prints them.

    python3 benchmarks/pytorch_predict.py --model runs/demo/<date-time>/best-branch --batch 1,8 --threads 2
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


class Bottleneck(nn.Module):
    """pytorch-pose's pre-activation bottleneck: in -> planes -> 2 * planes, bias on every conv."""

    def __init__(self, inplanes, planes):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(inplanes), nn.Conv2d(inplanes, planes, 1)
        self.bn2, self.conv2 = nn.BatchNorm2d(planes), nn.Conv2d(planes, planes, 3, padding=1)
        self.bn3, self.conv3 = nn.BatchNorm2d(planes), nn.Conv2d(planes, 2 * planes, 1)
        self.downsample = nn.Sequential(nn.Conv2d(inplanes, 2 * planes, 1)) if inplanes != 2 * planes else None

    def forward(self, x):
        out = self.conv1(F.relu(self.bn1(x)))
        out = self.conv2(F.relu(self.bn2(out)))
        out = self.conv3(F.relu(self.bn3(out)))
        return out + (x if self.downsample is None else self.downsample(x))


def residual(inplanes, planes):
    return nn.Sequential(Bottleneck(inplanes, planes))


class Hourglass(nn.Module):
    def __init__(self, features, depth):
        super().__init__()
        self.depth = depth
        self.hg = nn.ModuleList(nn.ModuleList(residual(features, features // 2) for _ in range(4 if i == 0 else 3))
                                for i in range(depth))

    def level(self, n, x):
        up = self.hg[n - 1][0](x)
        low = self.hg[n - 1][1](F.max_pool2d(x, 2, stride=2))
        low = self.level(n - 1, low) if n > 1 else self.hg[n - 1][3](low)
        low = self.hg[n - 1][2](low)
        return up + F.interpolate(low, scale_factor=2, mode="nearest")

    def forward(self, x):
        return self.level(self.depth, x)


class HourglassNet(nn.Module):
    """pytorch-pose's HourglassNet with width F (its constructor fixes F = 256) and the model's depth."""

    def __init__(self, features, joints, stacks, depth):
        super().__init__()
        f = features
        self.conv1 = nn.Conv2d(3, f // 4, 7, stride=2, padding=3)
        self.bn1 = nn.BatchNorm2d(f // 4)
        self.layer1, self.layer2, self.layer3 = residual(f // 4, f // 4), residual(f // 2, f // 2), residual(f, f // 2)
        self.hg = nn.ModuleList(Hourglass(f, depth) for _ in range(stacks))
        self.res = nn.ModuleList(residual(f, f // 2) for _ in range(stacks))
        self.fc = nn.ModuleList(nn.Sequential(nn.Conv2d(f, f, 1), nn.BatchNorm2d(f), nn.ReLU()) for _ in range(stacks))
        self.score = nn.ModuleList(nn.Conv2d(f, joints, 1) for _ in range(stacks))
        self.fc_ = nn.ModuleList(nn.Conv2d(f, f, 1) for _ in range(stacks - 1))
        self.score_ = nn.ModuleList(nn.Conv2d(joints, f, 1) for _ in range(stacks - 1))

    def forward(self, x):
        x = self.layer1(F.relu(self.bn1(self.conv1(x))))
        x = self.layer3(self.layer2(F.max_pool2d(x, 2, stride=2)))
        out = []
        for i in range(len(self.hg)):
            y = self.fc[i](self.res[i](self.hg[i](x)))
            score = self.score[i](y)
            out.append(score)
            if i < len(self.hg) - 1:
                x = x + self.fc_[i](y) + self.score_[i](score)
        return out


class PoseStudent(nn.Module):
    """A light student as deployed: a torchvision backbone and HRNet's PoseResNet head, under the
    names okdhp exports it with (the model folder's README spells out the same class)."""

    def __init__(self, backbone, joints):
        super().__init__()
        import torchvision
        self.mobilenet = backbone == "mobilenetv2"
        if self.mobilenet:
            self.features = torchvision.models.mobilenet_v2().features
            channels = 1280
        else:
            net = getattr(torchvision.models, backbone)()
            channels = net.fc.in_features
            for k in ("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"):
                setattr(self, k, getattr(net, k))
        layers = []
        for _ in range(3):
            layers += [nn.ConvTranspose2d(channels, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU()]
            channels = 256
        self.deconv_layers = nn.Sequential(*layers)
        self.final_layer = nn.Conv2d(256, joints, 1)

    def forward(self, x):
        if self.mobilenet:
            features = self.features(x)
        else:
            features = self.layer4(self.layer3(self.layer2(self.layer1(self.maxpool(self.relu(self.bn1(self.conv1(x))))))))
        return self.final_layer(self.deconv_layers(features))


def load(folder):
    metadata = json.load(open(os.path.join(folder, "metadata.json")))
    n = metadata["network"]
    backbone = n.get("backbone", "hourglass")
    net = (HourglassNet(n["features"], n["joints"], n["stacks"], n["hourglass_depth"]) if backbone == "hourglass"
           else PoseStudent(backbone, n["joints"]))
    state = {k: torch.from_numpy(v) for k, v in np.load(os.path.join(folder, "hourglass.npz")).items()}
    net.load_state_dict(state, strict=True)
    return net.eval(), metadata


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="an okdhp model folder (hourglass.npz, metadata.json)")
    p.add_argument("--batch", default="1,8", help="batch sizes, comma-separated")
    p.add_argument("--steps", type=int, default=30, help="timed passes per batch size")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=None, help="intra-op threads (default: torch's)")
    p.add_argument("--json", default=None)
    p.add_argument("--turns", default=None, metavar="WAIT,HAND_ON",
                   help="take turns with another benchmark process: wait for a byte on the named pipe WAIT "
                        "before every pass, write one to HAND_ON after it")
    a = p.parse_args()
    if a.threads is not None:
        torch.set_num_threads(a.threads)
    net, metadata = load(a.model)
    size = metadata["input"]
    pipes = a.turns.split(",") if a.turns else []
    wait, hand_on = (open(pipes[0], "rb", buffering=0), open(pipes[1], "wb", buffering=0)) if pipes else (None, None)
    figures = {}
    for batch in (int(b) for b in a.batch.split(",")):
        x = torch.randn(batch, 3, size["height"], size["width"])
        seconds = []
        with torch.no_grad():
            for i in range(-a.warmup, a.steps):
                if wait is not None:
                    wait.read(1)
                start = time.perf_counter()
                net(x)[-1]
                elapsed = time.perf_counter() - start
                if hand_on is not None:
                    hand_on.write(b"x")
                if i >= 0:
                    seconds.append(elapsed)
        median = statistics.median(seconds)
        p90 = statistics.quantiles(seconds, n=10)[-1]
        figures[str(batch)] = {"network_images_per_second": batch / median, "latency_ms_median": 1e3 * median,
                               "latency_ms_p90": 1e3 * p90, "network_milliseconds": [1e3 * s for s in seconds]}
        print(f"batch {batch}: {batch / median:.1f} images/s, latency median {1e3 * median:.1f} ms, "
              f"p90 {1e3 * p90:.1f} ms ({torch.get_num_threads()} threads, PyTorch {torch.__version__} eager)")
    if a.json:  # as `okdhp bench predict --json`: by batch size, and at the top level for a single one
        document = dict(next(iter(figures.values()))) if len(figures) == 1 else {}
        document["batches"] = figures
        json.dump(document, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
