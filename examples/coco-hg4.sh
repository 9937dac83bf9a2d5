#!/usr/bin/env bash
# COCO 4-stack OKDHP at 256x192, AP-56 detections for validation. Paper: 74.8 AP on val2017 (alone: 73.6).
# Details and the data layout: configs/coco-hg4.yaml.
# Usage: examples/coco-hg4.sh [DATA_ROOT (default data/coco)] [more okdhp train options, e.g. --set run.device=gpu]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${1:-data/coco}"
shift $(($# > 0 ? 1 : 0))
exec "$here/../okdhp" train --config "$here/configs/coco-hg4.yaml" --data-root "$data_root" "$@"
