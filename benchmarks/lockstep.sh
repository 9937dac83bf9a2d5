#!/usr/bin/env bash
# The JVM training step (both activation layouts) against eager PyTorch, step by step in turns.
#
#   benchmarks/lockstep.sh [bench options...]
#   benchmarks/lockstep.sh --features 128 --batch 4 --size 128 --threads 2 --steps 40 --warmup 10
#
# Starts `okdhp bench train --layout channels_first`, the same with `channels_last` and
# benchmarks/pytorch_train_step.py at once, passing the turn round a ring of named pipes (`--turns`):
# each process runs one step while the other two wait blocked, so they never compete for the
# cores, and the three steps of a round run within seconds of each other. On a shared machine whose
# speed drifts from minute to minute, the per-round ratios then compare like with like.
# Prints per configuration the median s/step and the median of its per-round ratios to PyTorch.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--features 128 --batch 4 --size 128 --threads 2 --steps 40 --warmup 10)
fi
python="${PYTHON:-python3}"
out="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT

"$here/okdhp" bench train --features 16 --batch 2 --size 64 --steps 1 --warmup 0 > /dev/null # builds if stale

configs=(channels_first channels_last pytorch)
for i in 0 1 2; do mkfifo "$out/turn$i"; done
# Held open read-write here, so that no process blocks opening its pipes whatever the start order.
exec 3<> "$out/turn0" 4<> "$out/turn1" 5<> "$out/turn2"
for i in 0 1 2; do
  config="${configs[$i]}"
  turns="$out/turn$i,$out/turn$(((i + 1) % 3))"
  if [ "$config" = pytorch ]; then
    "$python" "$here/benchmarks/pytorch_train_step.py" "${options[@]}" --turns "$turns" --json "$out/$config.json" \
      > "$out/$config.log" 2>&1 &
  else
    "$here/okdhp" bench train "${options[@]}" --layout "$config" --turns "$turns" --json "$out/$config.json" \
      > "$out/$config.log" 2>&1 &
  fi
  pids+=($!)
done
printf '\1' >&3 # the first turn
for pid in "${pids[@]}"; do
  if ! wait "$pid"; then
    for i in 0 1 2; do echo "== ${configs[$i]}"; tail -5 "$out/${configs[$i]}.log"; done >&2
    exit 1
  fi
done

"$python" - "$out" <<'PYEOF'
import json, statistics, sys
out = sys.argv[1]
figures = {c: json.load(open(f"{out}/{c}.json")) for c in ("channels_first", "channels_last", "pytorch")}
reference = figures["pytorch"]["step_seconds"]
print(f"{len(reference)} rounds, each one step of every configuration in turn "
      "(ratio to PyTorch: below 1 is faster)")
for config, f in figures.items():
    seconds = f["step_seconds"]
    ratios = sorted(s / p for s, p in zip(seconds, reference))
    quartiles = statistics.quantiles(ratios, n=4)
    batch = round(f["images_per_second"] * f["seconds_per_step"])
    print(f"{config:<15} median {statistics.median(seconds):.4f} s/step, {batch / statistics.median(seconds):.2f} images/s;"
          f" per-round ratio median x{statistics.median(ratios):.3f} (quartiles {quartiles[0]:.3f} to {quartiles[2]:.3f},"
          f" faster in {sum(r < 1 for r in ratios)} of {len(ratios)})")
PYEOF
