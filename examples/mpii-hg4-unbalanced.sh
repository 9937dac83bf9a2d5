#!/usr/bin/env bash
# MPII unbalanced 4-stack OKDHP (2 shared, branches 2, 4, 6). Paper: 90.2 PCKh@0.5 on MPII val.
# Details and the data layout: configs/mpii-hg4-unbalanced.yaml.
# Usage: examples/mpii-hg4-unbalanced.sh [DATA_ROOT (default data/mpii)] [more okdhp train options, e.g. --set run.device=gpu]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${1:-data/mpii}"
shift $(($# > 0 ? 1 : 0))
exec "$here/../okdhp" train --config "$here/configs/mpii-hg4-unbalanced.yaml" --data-root "$data_root" "$@"
