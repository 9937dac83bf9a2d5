#!/usr/bin/env bash
# MPII lightweight student: 128 wide, 2-stack target; 1.7 M parameters deployed, ~6x faster to train than the 4-stack.
# Details and the data layout: configs/mpii-student-w128.yaml.
# Usage: examples/mpii-student-w128.sh [DATA_ROOT (default data/mpii)] [more okdhp train options, e.g. --set run.device=gpu]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${1:-data/mpii}"
shift $(($# > 0 ? 1 : 0))
exec "$here/../okdhp" train --config "$here/configs/mpii-student-w128.yaml" --data-root "$data_root" "$@"
