#!/usr/bin/env bash
# The reality check: each model's real server (real/) against its simulation, once below capacity
# and once in overload, with the scenarios of real/scenarios/ and the tolerances of
# real/checks.json (justified in the README's "Reality check"). Every comparison is printed;
# any beyond its tolerance fails the check with both numbers.
#
#   bash scripts/test-real.sh [NAME...]     (default: every scenario in real/checks.json)
#
# Installs the stacks first if they are missing (scripts/setup-real.sh, quiet when all is there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$(date +%s)
bash scripts/setup-real.sh
nice -n 10 cargo build -q -p asyncviz-cli
bin="${CARGO_TARGET_DIR:-target}/debug/asyncviz"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(python3 -c 'import json; print("\n".join(json.load(open("real/checks.json"))["checks"]))')
fi
requests=$(python3 -c 'import json; print(json.load(open("real/checks.json"))["requests"])')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One run of a scenario, checked; prints every comparison.
run() {
  local name=$1 t0
  t0=$(date +%s)
  if ! "$bin" real "real/scenarios/$name.json" --requests "$requests" >"$out/$name.json" 2>"$out/$name.err"; then
    echo "  FAIL $name: asyncviz real failed: $(cat "$out/$name.err")"
    return 1
  fi
  local status=0
  python3 real/check.py "$name" "$out/$name.json" || status=1
  echo "       ($(($(date +%s) - t0)) s)"
  return $status
}

# A disagreement must happen twice to fail: a run that disagrees is run once more (both runs'
# numbers are printed), since one slow moment of a shared machine can push one run past a bound.
failed=()
retried=()
for name in "${names[@]}"; do
  if ! run "$name"; then
    echo "  again $name: the first run disagreed; running it once more"
    retried+=("$name")
    run "$name" || failed+=("$name")
  fi
done

echo "reality check: ${#names[@]} scenarios in $(($(date +%s) - started)) s${retried:+, run again: ${retried[*]}}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "reality check: ${#failed[@]} disagreed beyond tolerance: ${failed[*]}" >&2
  exit 1
fi
