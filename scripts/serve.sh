#!/usr/bin/env bash
# Installs whatever is missing, then serves the app at http://127.0.0.1:8080/
# (rebuilding on change). Pass --release for the optimised build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh serve
exec trunk serve "$@"
