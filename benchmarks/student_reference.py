#!/usr/bin/env python3
"""Reference vectors for okdhp's light students (docs: method section 9), from an independent
PyTorch implementation: a torchvision backbone, one SimpleBaseline head per branch (HRNet's
pose_resnet.py layers) and the released FAU on the backbone's output (with `reduce` above 256
channels).

The weights and the input are not random: every value is a fixed function of the state_dict name
and the element's index (see `deterministic`), which okdhp's test computes the same way, so only
the outputs need committing. Writes, for each backbone, `<out>/<backbone>.npz` with the outputs in
inference (`eval_*`) and training mode (`train_*`, batch statistics), the training-mode gradients
(`grad.<name>` in float64, whole or the leading corner `GRADIENT_CORNER` of large tensors, with
the bound `gradtol.<name>` a float32 implementation is held to) of the probe loss
sum((out_0 + ... + out_{K-1} + ens) * pattern), and `<out>/<backbone>.names`, the multi-branch
state_dict's names and shapes.

    /usr/bin/python3 benchmarks/student_reference.py okdhp-core/src/test/resources/student
    /usr/bin/python3 benchmarks/student_reference.py --sizes   # the README's parameter and GFLOP table

torch 1.13 and torchvision 0.14 (Debian's python3-torch, python3-torchvision) were used.
"""
import copy
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torchvision
from torch import nn

JOINTS, BRANCHES = 4, 3
BATCH, HEIGHT, WIDTH = 2, 128, 96
INPUT_SEED = 1
# The students' COCO input size, one image: outputs only (keys full_*), from the same weights.
FULL_BATCH, FULL_HEIGHT, FULL_WIDTH = 1, 256, 192
FULL_INPUT_SEED = 3
PATTERN_SEED = 2
GRADIENT_CORNER = 4  # of tensors with more than 4 dimensions' worth of elements: [:4, :4]
GRADIENTS = {
    "resnet18": ("backbone.conv1.weight", "backbone.bn1.weight", "backbone.layer4.1.bn2.bias",
                 "heads.0.deconv_layers.0.weight", "heads.0.deconv_layers.4.weight", "heads.2.final_layer.weight",
                 "fau.reduce.1.weight", "fau.convs.2.0.weight", "fau.fc.weight", "fau.fcs.1.bias"),
    "resnet50": ("backbone.conv1.weight", "heads.1.deconv_layers.0.weight", "fau.fcs.0.weight"),
    "mobilenetv2": ("backbone.features.0.0.weight", "backbone.features.1.conv.0.0.weight",
                    "backbone.features.18.1.weight", "heads.0.deconv_layers.3.weight", "heads.1.final_layer.bias",
                    "fau.reduce.0.weight", "fau.fcs.2.weight"),
}
FAU_WIDTH, FAU_KERNELS = 256, (3, 5, 7)
BACKBONES = ("resnet18", "resnet34", "resnet50", "mobilenetv2")
WITH_OUTPUTS = ("resnet18", "resnet50", "mobilenetv2")


def name_hash(name):
    return sum(ord(c) * (k + 1) for k, c in enumerate(name)) % 9973


def uniform(n, seed):
    """n pseudo-random values in [-1, 1), from the flat index and a seed, in float64: the fraction
    of a large multiple of a sine (any IEEE machine computes the same to far below float32's ulp)."""
    i = np.arange(n, dtype=np.float64)
    v = np.sin(i * 12.9898 + seed * 78.233) * 43758.5453
    return 2.0 * (v - np.floor(v)) - 1.0


def deterministic(name, shape):
    """float32 values of the state_dict entry `name`, pseudo-random from the element's index and the
    name's hash, scaled by its role (BN statistics and affine near their neutral values, weights
    uniform with variance 1 / fan-in)."""
    n = int(np.prod(shape)) if len(shape) else 1
    base = uniform(n, name_hash(name))
    if name.endswith(".running_var"):
        values = 1.0 + 0.25 * base
    elif name.endswith(".running_mean") or name.endswith(".bias"):
        values = 0.1 * base
    elif len(shape) == 1:  # a batch norm's weight
        values = 1.0 + 0.2 * base
    else:
        fan = n // shape[0]
        values = base * math.sqrt(3.0 / fan)
    return values.astype(np.float32).reshape(shape)


def deterministic_input(batch=BATCH, height=HEIGHT, width=WIDTH, seed=INPUT_SEED):
    n = batch * 3 * height * width
    return uniform(n, seed).astype(np.float32).reshape(batch, 3, height, width)


class Backbone(nn.Module):
    """torchvision's network without its classifier: features at stride 32."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        if kind == "mobilenetv2":
            net = torchvision.models.mobilenet_v2()
            self.features = net.features
            self.channels = net.last_channel
        else:
            net = getattr(torchvision.models, kind)()
            for name in ("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"):
                setattr(self, name, getattr(net, name))
            self.channels = net.fc.in_features

    def forward(self, x):
        if self.kind == "mobilenetv2":
            return self.features(x)
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


class Head(nn.Module):
    """SimpleBaseline's head, HRNet's names."""

    def __init__(self, channels, joints):
        super().__init__()
        layers = []
        for _ in range(3):
            layers += [nn.ConvTranspose2d(channels, 256, 4, stride=2, padding=1, output_padding=0, bias=False),
                       nn.BatchNorm2d(256), nn.ReLU(inplace=True)]
            channels = 256
        self.deconv_layers = nn.Sequential(*layers)
        self.final_layer = nn.Conv2d(256, joints, 1)

    def forward(self, x):
        return self.final_layer(self.deconv_layers(x))


class Fau(nn.Module):
    """The released FAU, after a 1x1 reduction to 256 channels when the backbone is wider."""

    def __init__(self, channels, joints, branches):
        super().__init__()
        if channels > FAU_WIDTH:
            self.reduce = nn.Sequential(nn.Conv2d(channels, FAU_WIDTH, 1, bias=False), nn.BatchNorm2d(FAU_WIDTH),
                                        nn.ReLU(inplace=True))
        else:
            self.reduce = None
        self.convs = nn.ModuleList(
            nn.Sequential(nn.Conv2d(FAU_WIDTH, FAU_WIDTH, k, padding=k // 2), nn.BatchNorm2d(FAU_WIDTH), nn.ReLU())
            for k in FAU_KERNELS)
        self.fc = nn.Linear(FAU_WIDTH, FAU_WIDTH // 4)
        self.fcs = nn.ModuleList(nn.Linear(FAU_WIDTH // 4, joints) for _ in range(branches))

    def forward(self, x):
        if self.reduce is not None:
            x = self.reduce(x)
        u = sum(conv(x) for conv in self.convs)
        z = self.fc(u.mean(dim=(2, 3)))
        return torch.softmax(torch.stack([fc(z) for fc in self.fcs], 1), dim=1)  # [B, K, J]


class Student(nn.Module):
    def __init__(self, kind, joints=JOINTS, branches=BRANCHES):
        super().__init__()
        self.backbone = Backbone(kind)
        self.heads = nn.ModuleList(Head(self.backbone.channels, joints) for _ in range(branches))
        self.fau = Fau(self.backbone.channels, joints, branches)

    def forward(self, x):
        features = self.backbone(x)
        outs = [head(features) for head in self.heads]
        alpha = self.fau(features)
        ens = (torch.stack(outs, 1) * alpha[:, :, :, None, None]).sum(1)
        return outs, ens, alpha


def probe_pattern(shape):
    return torch.from_numpy(uniform(int(np.prod(shape)), PATTERN_SEED).astype(np.float32).reshape(shape))


def probe_gradients(net, x, kind):
    """Training-mode gradients of the probe loss for the tensors GRADIENTS names (a corner of the large ones)."""
    net.train()
    net.zero_grad()
    outs, ens, _ = net(x)
    pattern = probe_pattern(tuple(ens.shape)).to(x.dtype)
    (sum(out for out in outs) + ens).mul(pattern).sum().backward()
    params = dict(net.named_parameters())
    result = {}
    for name in GRADIENTS[kind]:
        grad = params[name].grad
        if grad.dim() == 4:
            grad = grad[:GRADIENT_CORNER, :GRADIENT_CORNER]
        result[name] = grad.numpy().copy()
    return result


def gradients(net, x, kind):
    """The probe gradients in float64 (`grad.<name>`), and for each the bound a float32 implementation
    is held to (`gradtol.<name>`): three times PyTorch's own float32 error, at least 1e-3 (training-mode
    batch statistics through 50 layers amplify rounding to 1e-2 of the gradient in PyTorch itself)."""
    exact = probe_gradients(copy.deepcopy(net).double(), x.double(), kind)
    single = probe_gradients(copy.deepcopy(net), x, kind)
    result = {}
    for name, g in exact.items():
        error = np.linalg.norm(single[name].astype(np.float64) - g) / np.linalg.norm(g)
        result["grad." + name] = g
        result["gradtol." + name] = np.array(max(1e-3, 3 * error))
    return result


def main(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    x = torch.from_numpy(deterministic_input())
    for kind in BACKBONES:
        net = Student(kind)
        state = net.state_dict()
        with open(out_dir / f"{kind}.names", "w") as names:
            for name, value in state.items():
                if not name.endswith("num_batches_tracked"):
                    names.write(f"{name} {list(value.shape)}\n")
        if kind not in WITH_OUTPUTS:
            continue
        reference_weights = {k: (v if k.endswith("num_batches_tracked")
                                 else torch.from_numpy(deterministic(k, tuple(v.shape))))
                             for k, v in state.items()}
        net.load_state_dict(reference_weights)
        arrays = outputs(net, x, "")
        arrays.update(gradients(net, x, kind))
        net.load_state_dict(reference_weights)  # training-mode passes moved the running statistics
        full = torch.from_numpy(deterministic_input(FULL_BATCH, FULL_HEIGHT, FULL_WIDTH, FULL_INPUT_SEED))
        arrays.update({k: v for k, v in outputs(net, full, "full_").items() if not k.endswith("attention")})
        np.savez_compressed(out_dir / f"{kind}.npz", **arrays)
        print(kind, {k: v.shape for k, v in arrays.items() if k.startswith("eval_out_0")},
              "params", sum(p.numel() for p in net.parameters()))


def outputs(net, x, prefix):
    """Each branch's heatmaps, the ensemble and the attention for x in inference, then in training
    mode (batch statistics, running statistics updated), under {prefix}{mode}_*."""
    arrays = {}
    for mode in ("eval", "train"):
        net.train(mode == "train")
        with torch.no_grad():
            outs, ens, alpha = net(x)
        for b, out in enumerate(outs):
            arrays[f"{prefix}{mode}_out_{b}"] = out.numpy()
        arrays[f"{prefix}{mode}_ens"] = ens.numpy()
        arrays[f"{prefix}{mode}_attention"] = alpha.numpy()
    return arrays


def multiply_adds(model, x):
    """Multiply-adds of every convolution, transposed convolution and linear layer for input x."""
    total = [0]

    def count(module, inputs, output):
        if isinstance(module, nn.Conv2d):  # weight [out, in / groups, k, k], once per output pixel
            total[0] += module.weight.numel() * output.shape[2] * output.shape[3]
        elif isinstance(module, nn.ConvTranspose2d):  # weight [in, out, k, k], once per input pixel
            total[0] += module.weight.numel() * inputs[0].shape[2] * inputs[0].shape[3]
        else:
            total[0] += module.weight.numel()

    hooks = [m.register_forward_hook(count) for m in model.modules()
             if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    with torch.no_grad():
        model.eval()(x)
    for h in hooks:
        h.remove()
    return total[0]


class Deployed(nn.Module):
    """A pruned branch: the backbone and one head."""

    def __init__(self, kind, joints):
        super().__init__()
        self.backbone = Backbone(kind)
        self.head = Head(self.backbone.channels, joints)

    def forward(self, x):
        return self.head(self.backbone(x))


def sizes(joints=17, height=256, width=192):
    """Parameters (weights and biases) and GFLOPs (2 x multiply-adds) at 256x192, COCO's 17 joints."""
    x = torch.zeros(1, 3, height, width)
    print("| student | deployed parameters | deployed GFLOPs | OKDHP training network (3 heads + FAU) parameters |"
          " GFLOPs |")
    print("|---|---|---|---|---|")
    for kind in BACKBONES:
        deployed, training = Deployed(kind, joints), Student(kind, joints, BRANCHES)
        row = [sum(p.numel() for p in m.parameters()) for m in (deployed, training)]
        flops = [2 * multiply_adds(m, x) / 1e9 for m in (deployed, training)]
        print(f"| {kind} | {row[0] / 1e6:.2f} M | {flops[0]:.2f} | {row[1] / 1e6:.2f} M | {flops[1]:.2f} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--sizes"]:
        sizes()
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else "okdhp-core/src/test/resources/student")
