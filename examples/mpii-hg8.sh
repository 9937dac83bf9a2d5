#!/usr/bin/env bash
# MPII 8-stack OKDHP (4 shared + 3 x 4). Paper: 90.6 PCKh@0.5 on MPII val (alone: 90.2).
# Details and the data layout: configs/mpii-hg8.yaml.
# Usage: examples/mpii-hg8.sh [DATA_ROOT (default data/mpii)] [more okdhp train options, e.g. --set run.device=gpu]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${1:-data/mpii}"
shift $(($# > 0 ? 1 : 0))
exec "$here/../okdhp" train --config "$here/configs/mpii-hg8.yaml" --data-root "$data_root" "$@"
