#!/usr/bin/env bash
# MPII 4-stack OKDHP (2 shared + 3 x 2). Paper: 90.0 PCKh@0.5 on MPII val (alone: 89.2).
# Details and the data layout: configs/mpii-hg4.yaml.
# Usage: examples/mpii-hg4.sh [DATA_ROOT (default data/mpii)] [more okdhp train options, e.g. --set run.device=gpu]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${1:-data/mpii}"
shift $(($# > 0 ? 1 : 0))
exec "$here/../okdhp" train --config "$here/configs/mpii-hg4.yaml" --data-root "$data_root" "$@"
