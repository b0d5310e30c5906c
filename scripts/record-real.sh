#!/usr/bin/env bash
# Records the real stacks' numbers for the presets into static/measured.json (see real/record.py):
#   bash scripts/record-real.sh [REQUESTS]     (default 2000 requests per preset side)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-real.sh
nice -n 10 cargo build -q -p asyncviz-cli
python3 real/record.py "$@"
