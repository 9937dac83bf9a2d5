#!/usr/bin/env bash
# The JVM training step (both activation layouts) against eager PyTorch, interleaved.
#
#   benchmarks/side_by_side.sh [ROUNDS] [bench options...]
#   benchmarks/side_by_side.sh 5 --features 128 --batch 4 --size 128 --threads 2 --steps 20
#
# Runs, ROUNDS times in turn, `okdhp bench train --layout channels_first`, the same with
# `channels_last`, and benchmarks/pytorch_train_step.py with the same options, so that a slow
# minute on a shared machine hits all three alike. Prints each run's median s/step and phases,
# then per configuration the median over rounds and its ratio to PyTorch's. Run on an idle machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
shift || true
options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--features 128 --batch 4 --size 128 --threads 2 --steps 20)
fi
python="${PYTHON:-python3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$here/okdhp" bench train --features 16 --batch 2 --size 64 --steps 1 --warmup 0 > /dev/null # builds if stale

for round in $(seq 1 "$rounds"); do
  for config in channels_first channels_last pytorch; do
    json="$out/$config-$round.json"
    if [ "$config" = pytorch ]; then
      "$python" "$here/benchmarks/pytorch_train_step.py" "${options[@]}" --json "$json" > /dev/null
    else
      "$here/okdhp" bench train "${options[@]}" --layout "$config" --json "$json" > /dev/null
    fi
    "$python" - "$json" "$round" "$config" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))
print(f"round {sys.argv[2]} {sys.argv[3]:<15} {f['seconds_per_step']:.4f} s/step  forward {f['forward_seconds']:.4f}"
      f"  backward {f['backward_seconds']:.4f}  update {f['update_seconds']:.4f}", flush=True)
EOF
  done
done

"$python" - "$out" "$rounds" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def runs(config):
    return [json.load(open(f"{out}/{config}-{r}.json")) for r in range(1, rounds + 1)]
reference = runs("pytorch")
print(f"\nmedian over {rounds} rounds (ratio to PyTorch: below 1 is faster; per-round ratios in brackets)")
for config in ("channels_first", "channels_last", "pytorch"):
    figures = runs(config)
    seconds = statistics.median(f["seconds_per_step"] for f in figures)
    batch = round(figures[0]["images_per_second"] * figures[0]["seconds_per_step"])
    ratios = [f["seconds_per_step"] / p["seconds_per_step"] for f, p in zip(figures, reference)]
    print(f"{config:<15} {seconds:.4f} s/step, {batch / seconds:.2f} images/s, "
          f"x{statistics.median(ratios):.3f} [{', '.join(f'{r:.2f}' for r in ratios)}]")
EOF
