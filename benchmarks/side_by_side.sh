#!/usr/bin/env bash
# The JVM training step (both activation layouts) against eager PyTorch, step by step in turns.
#
#   benchmarks/side_by_side.sh [RUNS] [bench options...]
#   benchmarks/side_by_side.sh 5 --features 128 --batch 4 --size 128 --threads 2 --steps 40 --warmup 10
#
# A run starts `okdhp bench train --layout channels_first`, the same with `channels_last` and
# benchmarks/pytorch_train_step.py at once and passes the turn round a ring of named pipes
# (`--turns`): each process takes one step while the other two wait blocked, so they never compete
# for the cores, and the three steps of a round run within seconds of each other. On a shared
# machine whose speed drifts from minute to minute, a round's ratio to PyTorch then compares like
# with like. A process keeps its own luck (memory placement) for its lifetime, so RUNS starts fresh
# processes several times. Prints, per run and over all rounds of all runs, each configuration's
# median s/step and the median of its per-round ratios to PyTorch. Run on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=1
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  runs="$1"
  shift
fi
options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--features 128 --batch 4 --size 128 --threads 2 --steps 40 --warmup 10)
fi
python="${PYTHON:-python3}"
configs=(channels_first channels_last pytorch)
# shellcheck source=benchmarks/turns.sh
source "$here/benchmarks/turns.sh" # sets $out, a scratch folder removed on exit with every process started

"$here/okdhp" bench train --features 16 --batch 2 --size 64 --steps 1 --warmup 0 > /dev/null # builds if stale

summarise() { # summarise DIR...: the rounds of the runs in DIR...
  "$python" - "$@" <<'PYEOF'
import json, statistics, sys
runs = sys.argv[1:]
figures = {c: [json.load(open(f"{run}/{c}.json")) for run in runs]
           for c in ("channels_first", "channels_last", "pytorch")}
reference = [s for f in figures["pytorch"] for s in f["step_seconds"]]
print(f"{len(runs)} run(s), {len(reference)} rounds, each one step of every configuration in turn "
      "(ratio to PyTorch: below 1 is faster)")
for config, runs_of_config in figures.items():
    seconds = [s for f in runs_of_config for s in f["step_seconds"]]
    ratios = sorted(s / p for s, p in zip(seconds, reference))
    quartiles = statistics.quantiles(ratios, n=4)
    phases = " / ".join(f"{statistics.median(f[p + '_seconds'] for f in runs_of_config):.3f}"
                        for p in ("forward", "backward", "update"))
    batch = round(runs_of_config[0]["images_per_second"] * runs_of_config[0]["seconds_per_step"])
    median = statistics.median(seconds)
    print(f"  {config:<15} {median:.4f} s/step, {batch / median:.2f} images/s, phases {phases} s;"
          f" per-round ratio x{statistics.median(ratios):.3f} (quartiles {quartiles[0]:.3f}, {quartiles[2]:.3f};"
          f" faster in {sum(r < 1 for r in ratios)} of {len(ratios)})")
PYEOF
}

start_config() { # CONFIG TURNS DIR
  if [ "$1" = pytorch ]; then
    # ./okdhp turns on huge pages for glibc's heap; they speed PyTorch up as much, so it gets them too.
    GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}" \
      "$python" "$here/benchmarks/pytorch_train_step.py" "${options[@]}" --turns "$2" --json "$3/$1.json" \
      > "$3/$1.log" 2>&1 &
  else
    "$here/okdhp" bench train "${options[@]}" --layout "$1" --turns "$2" --json "$3/$1.json" > "$3/$1.log" 2>&1 &
  fi
}

run_all "$runs" "${configs[@]}"
