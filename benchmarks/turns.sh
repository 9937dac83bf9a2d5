# Sourced by the side-by-side benchmarks: runs one process per configuration, passing a turn round a
# ring of named pipes so that only one computes at any moment (see benchmarks/side_by_side.sh).
#
#   start_config CONFIG TURNS LOG_DIR   # defined by the caller: starts CONFIG in the background with
#                                       # --turns TURNS, writing LOG_DIR/CONFIG.{json,log}
#   run_in_turns DIR CONFIG...          # one run: makes the ring in DIR, starts every CONFIG, waits
#   run_all RUNS CONFIG...              # RUNS such runs, each summarised, then all together
#                                       # (summarise DIR... is the caller's)
#   $out                                # a scratch folder for the runs' DIRs, removed on exit, when
#                                       # every process still running is stopped
#
# A process that dies would leave the others waiting for their turn for ever, so every process is
# watched and the run stops at the first failure, printing each configuration's log tail.
pids=()
out="$(mktemp -d)"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT

run_in_turns() {
  local dir="$1"
  shift
  local configs=("$@") n=$#
  for i in $(seq 0 $((n - 1))); do mkfifo "$dir/turn$i"; done
  # Held open read-write here, so that no process blocks opening its pipes whatever the start order.
  local fds=()
  for i in $(seq 0 $((n - 1))); do
    exec {fd}<> "$dir/turn$i"
    fds+=("$fd")
  done
  pids=()
  for i in $(seq 0 $((n - 1))); do
    start_config "${configs[$i]}" "$dir/turn$i,$dir/turn$(((i + 1) % n))" "$dir"
    pids+=($!)
  done
  printf '\1' >&"${fds[0]}" # the first turn
  local remaining=("${pids[@]}")
  while [ ${#remaining[@]} -gt 0 ]; do
    local running=()
    for pid in "${remaining[@]}"; do
      if kill -0 "$pid" 2> /dev/null; then
        running+=("$pid")
      elif ! wait "$pid"; then
        for config in "${configs[@]}"; do echo "== $config"; tail -n 5 "$dir/$config.log"; done >&2
        exit 1
      fi
    done
    remaining=("${running[@]}")
    if [ ${#remaining[@]} -gt 0 ]; then sleep 1; fi
  done
  for fd in "${fds[@]}"; do exec {fd}>&-; done
}

# RUNS runs of CONFIG... in turns, each summarised, then all of them together: summarise DIR... is
# the caller's.
run_all() {
  local runs="$1"
  shift
  for run in $(seq 1 "$runs"); do
    local dir="$out/run$run"
    mkdir "$dir"
    run_in_turns "$dir" "$@"
    echo "run $run:"
    summarise "$dir"
  done
  if [ "$runs" -gt 1 ]; then
    echo "all runs:"
    summarise "$out"/run*
  fi
}
