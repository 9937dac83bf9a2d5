#!/usr/bin/env python3
"""Gradient parity of `okdhp forward --gradients` with PyTorch, in float64 and float32.

Makes random weights (under the authors' OKDHP state_dict names), an input and targets, runs
`./okdhp forward --targets ... --gradients ...`, then computes the same total OKDHP loss and its
gradients with the independent PyTorch implementation of benchmarks/pytorch_train_step.py in
float64 (the reference) and in float32, and prints how far okdhp's float32 gradients and
PyTorch's own float32 gradients are from the float64 ones: over all parameters (norm of the
difference over norm of the reference, every gradient concatenated) and for the worst tensors.

    python3 benchmarks/gradient_parity.py --features 32 --shared 1 --branches 1,1,1 --size 128 --mode eval
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_train_step import Okdhp, okdhp_loss  # noqa: E402

NEGLIGIBLE = 1e-9  # of the largest tensor's gradient norm: zero but for rounding
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def residual_name(rest):
    """A Residual's parameter under the authors' names: the projection is `downsample.0`."""
    return re.sub(r"^downsample\.", "downsample.0.", rest)


def authors_name(name):
    """benchmarks/pytorch_train_step.py's module path -> the authors' OKDHP state_dict name."""
    m = re.match(r"stem\.(conv1|bn1)\.(.+)", name)
    if m:
        return f"{m[1]}.{m[2]}"
    m = re.match(r"stem\.(layer\d)\.(.+)", name)
    if m:
        return f"{m[1]}.0.{residual_name(m[2])}"
    m = re.match(r"(shared\.(\d+)|branches\.(\d+)\.(\d+))\.(.+)", name)
    if m:
        stack = f"s_{m[2]}" if m[2] is not None else f"b_{m[3]}_s_{m[4]}"
        rest = m[5]
        for pattern, target in ((r"hg\.hg\.(\d+)\.(\d+)\.(.+)", "ind_{s}.0.hg.{0}.{1}.0.{2}"),
                                (r"res\.(.+)", "ind_{s}.1.0.{0}"),
                                (r"fc\.(\d)\.(.+)", "ind_{s}.2.{0}.{1}"),
                                (r"score\.(.+)", "score_{s}.{0}"),
                                (r"remap_features\.(.+)", "_fc_{s}.{0}"),
                                (r"remap_score\.(.+)", "_score_{s}.{0}")):
            r = re.fullmatch(pattern, rest)
            if r:
                parts = list(r.groups())
                parts[-1] = residual_name(parts[-1]) if pattern.startswith(("hg", "res")) else parts[-1]
                return target.format(*parts, s=stack)
    m = re.match(r"fau\.(.+)", name)
    if m:
        return m[1]
    raise ValueError(f"no OKDHP name for {name}")


def save_npz(path, arrays):
    np.savez(path, **{k: np.ascontiguousarray(v) for k, v in arrays.items()})


def torch_gradients(net, x, target, weight, epoch, train, dtype):
    net = net.to(dtype).train(train)
    net.zero_grad()
    outputs, ensemble = net(x.to(dtype))
    loss = okdhp_loss(outputs, ensemble, target.to(dtype), weight.to(dtype), epoch)
    loss.backward()
    return float(loss), {authors_name(n): p.grad.detach().double().numpy() for n, p in net.named_parameters()}


def relative(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--features", type=int, default=32)
    p.add_argument("--joints", type=int, default=16)
    p.add_argument("--shared", type=int, default=1)
    p.add_argument("--branches", default="1,1,1")
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--size", type=int, default=128, help="input side, a multiple of 64")
    p.add_argument("--mode", choices=("eval", "train"), default="eval")
    p.add_argument("--epoch", type=float, default=45.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--okdhp", default=os.path.join(HERE, "okdhp"), help="the okdhp launcher")
    a = p.parse_args()
    torch.manual_seed(a.seed)
    branches = [int(v) for v in a.branches.split(",")]
    net = Okdhp(a.features, a.joints, a.shared, branches).double()
    with torch.no_grad():  # running statistics away from (0, 1), as after some training
        for module in net.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
    x = torch.randn(a.batch, 3, a.size, a.size, dtype=torch.float64)
    side = a.size // 4
    target = torch.rand(a.batch, a.joints, side, side, dtype=torch.float64)
    weight = (torch.rand(a.batch, a.joints) > 0.2).double()
    state = {authors_name(n): v.numpy() for n, v in net.state_dict().items() if not n.endswith("num_batches_tracked")}
    with tempfile.TemporaryDirectory() as d:
        files = {k: os.path.join(d, k + ".npz") for k in ("weights", "x", "targets", "out", "gradients")}
        save_npz(files["weights"], {k: v.astype(np.float32) for k, v in state.items()})
        save_npz(files["x"], {"x": x.float().numpy()})
        save_npz(files["targets"], {"target": target.float().numpy(), "weight": weight.float().numpy()})
        subprocess.run([a.okdhp, "forward", "--weights", files["weights"], "--input", files["x"], "--output",
                        files["out"], "--features", str(a.features), "--joints", str(a.joints), "--shared",
                        str(a.shared), "--branches", a.branches, "--mode", a.mode, "--targets", files["targets"],
                        "--epoch", str(a.epoch), "--gradients", files["gradients"]], check=True)
        okdhp_loss_value = float(np.load(files["out"])["loss"])
        okdhp_grads = {k: v.astype(np.float64) for k, v in np.load(files["gradients"]).items()}
    # float32 PyTorch starts from the same float32 weights okdhp got.
    net.load_state_dict({n: v.float().double() for n, v in net.state_dict().items()})
    train = a.mode == "train"
    loss64, ref = torch_gradients(net, x.float().double(), target.float().double(), weight, a.epoch, train,
                                  torch.float64)
    loss32, torch32 = torch_gradients(net, x, target, weight, a.epoch, train, torch.float32)
    missing = sorted(set(ref) ^ set(okdhp_grads))
    if missing:
        sys.exit(f"parameter names differ between okdhp and PyTorch: {missing[:10]}")
    names = sorted(ref)
    flat = lambda g: np.concatenate([g[n].ravel() for n in names])
    print(f"{a.mode} mode, F={a.features}, J={a.joints}, shared {a.shared}, branches {branches}, "
          f"batch {a.batch}, {a.size}x{a.size}, epoch {a.epoch}: {len(names)} parameters")
    print(f"loss: float64 {loss64:.10g}; okdhp {okdhp_loss_value:.10g} (relative {abs(okdhp_loss_value - loss64) / abs(loss64):.2e}); "
          f"torch float32 {loss32:.10g} (relative {abs(loss32 - loss64) / abs(loss64):.2e})")
    print(f"all gradients, relative to float64: okdhp {relative(flat(okdhp_grads), flat(ref)):.2e}, "
          f"torch float32 {relative(flat(torch32), flat(ref)):.2e}")
    # In training mode a convolution's bias right before a batch norm has gradient 0 in exact
    # arithmetic; relative to its float64 rounding noise any float32 value is "wrong".
    largest = max(np.linalg.norm(ref[n]) for n in names)
    measurable = [n for n in names if np.linalg.norm(ref[n]) > NEGLIGIBLE * largest]
    if len(measurable) < len(names):
        print(f"  ({len(names) - len(measurable)} tensors with a float64 gradient below {NEGLIGIBLE:g} of the largest"
              " tensor's are left out of the list below)")
    for n in sorted(measurable, key=lambda n: -relative(okdhp_grads[n], ref[n]))[:5]:
        print(f"  {n:<40} okdhp {relative(okdhp_grads[n], ref[n]):.2e}  torch float32 {relative(torch32[n], ref[n]):.2e}")


if __name__ == "__main__":
    main()
