#!/usr/bin/env bash
# MPII 2-stack OKDHP (1 shared + 3 x 1). Paper: 89.2 PCKh@0.5 on MPII val (alone: 88.6).
# Details and the data layout: configs/mpii-hg2.yaml.
# Usage: examples/mpii-hg2.sh [DATA_ROOT (default data/mpii)] [more okdhp train options, e.g. --set run.device=gpu]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${1:-data/mpii}"
shift $(($# > 0 ? 1 : 0))
exec "$here/../okdhp" train --config "$here/configs/mpii-hg2.yaml" --data-root "$data_root" "$@"
