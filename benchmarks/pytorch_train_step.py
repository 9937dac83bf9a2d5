#!/usr/bin/env python3
"""The PyTorch (eager mode) reference for `./okdhp bench train`.

A compact, independent implementation of exactly the network, loss and Adam step of
docs/okdhp-method sections 1-3 (pre-activation stacked hourglass, OKDHP shared stacks + branches,
the released Feature Aggregation Unit, MSE + ensemble MSE + pixel-wise KL, torch.optim.Adam with
the authors' hyperparameters). Same options, same timing and the same figures as the JVM command:
random inputs each step (drawn outside the timed region), warm-up steps first, then the median
seconds per full step (forward in training mode, total loss, backward, Adam) and images/s.

    python3 benchmarks/pytorch_train_step.py --features 128 --batch 4 --size 128 --threads 2
    python3 benchmarks/pytorch_train_step.py --backbone mobilenetv2 --branches 1,1,1 --batch 4 --size 256x192

With --backbone (resnet18, resnet34, resnet50, mobilenetv2) the network is a light student as in
docs/okdhp-method section 9: torchvision's backbone, one SimpleBaseline head per branch and the FAU
after a 1x1 reduction (the same classes as benchmarks/student_reference.py).
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

RAMPED_EPOCH = 1000  # as the JVM bench: the distillation ramp is fully on
LAMBDA_KD, LAMBDA_ENS, RAMP_LENGTH = 2.0, 1.0, 90


class Residual(nn.Module):
    def __init__(self, cin, mid):
        super().__init__()
        out = 2 * mid
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), nn.Conv2d(cin, mid, 1)
        self.bn2, self.conv2 = nn.BatchNorm2d(mid), nn.Conv2d(mid, mid, 3, padding=1)
        self.bn3, self.conv3 = nn.BatchNorm2d(mid), nn.Conv2d(mid, out, 1)
        self.downsample = nn.Conv2d(cin, out, 1) if cin != out else None

    def forward(self, x):
        y = self.conv1(F.relu(self.bn1(x)))
        y = self.conv2(F.relu(self.bn2(y)))
        y = self.conv3(F.relu(self.bn3(y)))
        return y + (x if self.downsample is None else self.downsample(x))


class Hourglass(nn.Module):
    def __init__(self, depth, features):
        super().__init__()
        self.depth = depth
        self.hg = nn.ModuleList(
            nn.ModuleList(Residual(features, features // 2) for _ in range(4 if level == 0 else 3))
            for level in range(depth))

    def level(self, n, x):
        r = self.hg[n - 1]
        up = r[0](x)
        low = r[1](F.max_pool2d(x, 2, stride=2))
        low = self.level(n - 1, low) if n > 1 else r[3](low)
        low = r[2](low)
        return up + F.interpolate(low, scale_factor=2, mode="nearest")

    def forward(self, x):
        return self.level(self.depth, x)


class Stem(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.conv1 = nn.Conv2d(3, f // 4, 7, stride=2, padding=3)
        self.bn1 = nn.BatchNorm2d(f // 4)
        self.layer1 = Residual(f // 4, f // 4)
        self.layer2 = Residual(f // 2, f // 2)
        self.layer3 = Residual(f, f // 2)

    def forward(self, x):
        x = self.layer1(F.relu(self.bn1(self.conv1(x))))
        return self.layer3(self.layer2(F.max_pool2d(x, 2, stride=2)))


class Stack(nn.Module):
    def __init__(self, depth, f, joints, feeds_next):
        super().__init__()
        self.hg = Hourglass(depth, f)
        self.res = Residual(f, f // 2)
        self.fc = nn.Sequential(nn.Conv2d(f, f, 1), nn.BatchNorm2d(f), nn.ReLU(inplace=True))
        self.score = nn.Conv2d(f, joints, 1)
        self.remap_features = nn.Conv2d(f, f, 1) if feeds_next else None
        self.remap_score = nn.Conv2d(joints, f, 1) if feeds_next else None

    def forward(self, x):
        y = self.fc(self.res(self.hg(x)))
        heatmap = self.score(y)
        if self.remap_features is None:
            return heatmap, None
        return heatmap, x + self.remap_features(y) + self.remap_score(heatmap)


class Fau(nn.Module):
    """The released Feature Aggregation Unit: attention over branches, per joint, from the stem."""

    def __init__(self, f, joints, branches):
        super().__init__()
        self.convs = nn.ModuleList(
            nn.Sequential(nn.Conv2d(f, f, k, padding=k // 2), nn.BatchNorm2d(f), nn.ReLU(inplace=True))
            for k in (3, 5, 7))
        self.fc = nn.Linear(f, f // 4)
        self.fcs = nn.ModuleList(nn.Linear(f // 4, joints) for _ in range(branches))

    def forward(self, s0):
        u = sum(conv(s0) for conv in self.convs)
        z = self.fc(u.mean(dim=(2, 3)))
        return torch.stack([head(z) for head in self.fcs], dim=1).softmax(dim=1)


class Okdhp(nn.Module):
    def __init__(self, f, joints, shared, branches, depth=4):
        super().__init__()
        self.stem = Stem(f)
        self.shared = nn.ModuleList(Stack(depth, f, joints, True) for _ in range(shared))
        self.branches = nn.ModuleList(
            nn.ModuleList(Stack(depth, f, joints, k < n - 1) for k in range(n)) for n in branches)
        self.fau = Fau(f, joints, len(branches)) if len(branches) > 1 else None

    def forward(self, images):
        s0 = self.stem(images)
        outputs, x = [], s0
        for stack in self.shared:
            heatmap, x = stack(x)
            outputs.append(heatmap)
        finals = []
        for branch in self.branches:
            y = x
            for stack in branch:
                heatmap, y = stack(y)
                outputs.append(heatmap)
            finals.append(outputs[-1])
        if self.fau is None:
            return outputs, None
        alpha = self.fau(s0)
        ensemble = (torch.stack(finals, dim=1) * alpha[:, :, :, None, None]).sum(dim=1)
        return outputs, ensemble


class LightStudent(nn.Module):
    """A student's (outputs, ensemble), as Okdhp returns them: one heatmap per head."""

    def __init__(self, student):
        super().__init__()
        self.student = student

    def forward(self, images):
        outs, ensemble, _ = self.student(images)
        return outs, ensemble


def weighted_mse(y, target, w):
    return 0.5 * ((y - target) * w[:, :, None, None]).pow(2).mean()


def log_distribution(y, w):
    b, j, h, wd = y.shape
    return (y * w[:, :, None, None]).reshape(b, j, h * wd).log_softmax(dim=2)


def pixelwise_kl(student_logp, teacher_logq):
    b, _, p = student_logp.shape
    return (teacher_logq.exp() * (teacher_logq - student_logp)).sum() / (b * p)


def okdhp_loss(outputs, ensemble, target, w, epoch):
    total = sum(weighted_mse(y, target, w) for y in outputs)
    if ensemble is None:
        return total
    t = 1.0 - min(max(epoch, 0), RAMP_LENGTH) / RAMP_LENGTH
    ramp = math.exp(-5.0 * t * t)
    teacher = log_distribution(ensemble, w)
    kl = sum(pixelwise_kl(log_distribution(y, w), teacher) for y in outputs)
    return total + LAMBDA_ENS * weighted_mse(ensemble, target, w) + LAMBDA_KD * ramp * kl


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backbone", default="hourglass",
                   help="hourglass, or a light student's resnet18, resnet34, resnet50, mobilenetv2")
    p.add_argument("--features", type=int, default=256)
    p.add_argument("--joints", type=int, default=16)
    p.add_argument("--shared", type=int, default=2)
    p.add_argument("--branches", default="2,2,2")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--size", default="256", help="input side, or HxW")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=None, help="intra-op threads (default: torch's)")
    p.add_argument("--json", default=None)
    p.add_argument("--trace", default=None, metavar="TRACE.json",
                   help="record the operator profile of the timed steps (Chrome trace format, as "
                        "`okdhp bench train --trace`); the profiler slows every operator")
    p.add_argument("--turns", default=None, metavar="WAIT,HAND_ON",
                   help="take turns with another benchmark process: wait for a byte on the named pipe "
                        "WAIT before every step, write one to HAND_ON after it (benchmarks/side_by_side.sh)")
    a = p.parse_args()
    if a.threads is not None:
        torch.set_num_threads(a.threads)
    h, w = (int(v) for v in a.size.split("x")) if "x" in a.size else (int(a.size),) * 2
    branches = [int(v) for v in a.branches.split(",")]
    torch.manual_seed(1)
    if a.backbone == "hourglass":
        net = Okdhp(a.features, a.joints, a.shared, branches).train()
        shape = f"F={a.features} J={a.joints} S={a.shared} branches={branches}"
    else:
        from student_reference import Student  # the independent student, next to this file
        if any(n != 1 for n in branches):
            p.error(f"a student's branches are one head each (--branches 1,1,1), got {a.branches}")
        net = LightStudent(Student(a.backbone, a.joints, len(branches))).train()
        shape = f"{a.backbone} student J={a.joints} heads={len(branches)}"
    adam = torch.optim.Adam(net.parameters(), lr=2.5e-4, betas=(0.9, 0.999), eps=1e-8)
    seconds, phases = [], {"forward": [], "backward": [], "update": []}
    profiler = torch.autograd.profiler.profile() if a.trace else None
    pipes = a.turns.split(",") if a.turns else []
    if a.turns and len(pipes) != 2:
        p.error(f"--turns takes two named pipes, WAIT,HAND_ON; got {a.turns}")
    wait, hand_on = (open(pipes[0], "rb", buffering=0), open(pipes[1], "wb", buffering=0)) if pipes else (None, None)
    for i in range(-a.warmup, a.steps):
        if wait is not None and not wait.read(1):
            raise SystemExit(f"the other process closed {pipes[0]} before handing the turn over")
        if i == 0 and profiler is not None:
            profiler.__enter__()
        x = torch.randn(a.batch, 3, h, w)
        target = torch.rand(a.batch, a.joints, h // 4, w // 4)
        weight = torch.ones(a.batch, a.joints)
        start = time.perf_counter()
        adam.zero_grad(set_to_none=True)
        outputs, ensemble = net(x)
        loss = okdhp_loss(outputs, ensemble, target, weight, RAMPED_EPOCH)
        loss.item()  # as the JVM step reads the loss back before backward
        forward_done = time.perf_counter()
        loss.backward()
        backward_done = time.perf_counter()
        adam.step()
        if i >= 0:
            end = time.perf_counter()
            seconds.append(end - start)
            phases["forward"].append(forward_done - start)
            phases["backward"].append(backward_done - forward_done)
            phases["update"].append(end - backward_done)
        if hand_on is not None:
            hand_on.write(b"\1")
    if profiler is not None:
        profiler.__exit__(None, None, None)
        profiler.export_chrome_trace(a.trace)
    median = statistics.median(seconds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"PyTorch {torch.__version__} eager, {torch.get_num_threads()} threads: OKDHP {shape}, "
          f"batch {a.batch}, {h}x{w}, {a.steps} steps after {a.warmup} warm-up")
    print(f"median {median:.4f} s/step, {a.batch / median:.2f} images/s, "
          f"peak resident memory {peak / 2**20:.1f} MiB")
    medians = {name: statistics.median(values) for name, values in phases.items()}
    print(f"median phases: forward + loss {medians['forward']:.4f} s, backward {medians['backward']:.4f} s, "
          f"update {medians['update']:.4f} s")
    if a.json:
        with open(a.json, "w") as out:
            json.dump({"seconds_per_step": median, "images_per_second": a.batch / median,
                       "peak_memory_bytes": peak, "step_seconds": seconds,
                       **{f"{name}_seconds": value for name, value in medians.items()}}, out)


if __name__ == "__main__":
    main()
