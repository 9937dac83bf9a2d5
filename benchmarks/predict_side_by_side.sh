#!/usr/bin/env bash
# Inference of a model folder: okdhp with DJL, okdhp with ONNX Runtime and eager PyTorch, call by
# call in turns (as benchmarks/side_by_side.sh does for training).
#
#   benchmarks/predict_side_by_side.sh MODEL_DIR [RUNS] [options...]
#   benchmarks/predict_side_by_side.sh runs/demo/<date-time>/best-branch 3 --batch 1,8 --threads 2 --steps 40
#
# Each run starts `okdhp bench predict --network-only --engine djl`, the same with `--engine onnx`
# and benchmarks/pytorch_predict.py at once, passing the turn round a ring of named pipes: only one
# computes at any moment, and the three calls of a round run within a fraction of a second, so a
# round's ratios compare like with like on a shared machine. Prints, per batch size over all
# rounds of all runs, each engine's median images/s and the median of its per-round speed-up over
# PyTorch (above 1 is faster). Run on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:?usage: predict_side_by_side.sh MODEL_DIR [RUNS] [options...]}"
shift
runs=1
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  runs="$1"
  shift
fi
options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--batch 1,8 --threads 2 --steps 40 --warmup 5)
fi
python="${PYTHON:-python3}"
configs=(djl onnx pytorch)
# shellcheck source=benchmarks/turns.sh
source "$here/benchmarks/turns.sh" # sets $out, a scratch folder removed on exit with every process started

"$here/okdhp" bench predict --model "$model" --batch 1 --steps 1 --warmup 0 --network-only > /dev/null # builds if stale

summarise() { # summarise DIR...: the rounds of the runs in DIR..., per batch size
  "$python" - "$@" <<'PYEOF'
import json, statistics, sys
runs = sys.argv[1:]
figures = {c: [json.load(open(f"{run}/{c}.json"))["batches"] for run in runs] for c in ("djl", "onnx", "pytorch")}
for batch in sorted(figures["djl"][0], key=int):
    calls = {c: [ms for f in figures[c] for ms in f[batch]["network_milliseconds"]] for c in figures}
    print(f"batch {batch}: {len(calls['pytorch'])} rounds (speed-up over PyTorch per round: above 1 is faster)")
    for config, ms in calls.items():
        speedups = sorted(p / c for c, p in zip(ms, calls["pytorch"]))
        q = statistics.quantiles(speedups, n=4)
        median = statistics.median(ms)
        print(f"  {config:<8} {1e3 * int(batch) / median:.1f} images/s (median call {median:.1f} ms);"
              f" speed-up x{statistics.median(speedups):.2f} (quartiles {q[0]:.2f}, {q[2]:.2f})")
PYEOF
}

start_config() { # CONFIG TURNS DIR
  if [ "$1" = pytorch ]; then
    GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}" \
      "$python" "$here/benchmarks/pytorch_predict.py" --model "$model" "${options[@]}" --turns "$2" \
      --json "$3/$1.json" > "$3/$1.log" 2>&1 &
  else
    "$here/okdhp" bench predict --model "$model" --network-only --engine "$1" "${options[@]}" --turns "$2" \
      --json "$3/$1.json" > "$3/$1.log" 2>&1 &
  fi
}

run_all "$runs" "${configs[@]}"
