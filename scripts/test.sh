#!/usr/bin/env bash
# Installs whatever is missing, then runs every check and test CI runs:
# lints, engine/lab/CLI/app-logic tests, browser component tests, end-to-end.
# Idempotent: on a machine that has everything it goes straight to the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

say "setup"
source scripts/setup.sh test

say "format and lints (host and wasm32)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p asyncviz-engine -p asyncviz-lab -p asyncviz --target wasm32-unknown-unknown --locked -- -D warnings

say "the engine and the lab stay pure (no web crates) and independent of each other"
for crate in asyncviz-engine asyncviz-lab; do
  if cargo tree -p "$crate" -e normal --prefix none --locked | grep -Ei '^(yew|web-sys|js-sys|gloo|wasm-bindgen)[ -]'; then
    echo "$crate must not depend on web crates" >&2
    exit 1
  fi
done
if cargo tree -p asyncviz-lab -e normal,dev,build --prefix none --locked | grep -E '^asyncviz-engine '; then
  echo "asyncviz-lab must not depend on asyncviz-engine (not even for tests)" >&2
  exit 1
fi
if cargo tree -p asyncviz-engine -e normal,dev,build --prefix none --locked | grep -E '^asyncviz-lab '; then
  echo "asyncviz-engine must not depend on asyncviz-lab" >&2
  exit 1
fi

say "engine, code lab, CLI and app logic (native)"
cargo test --workspace --locked

say "component tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER="$(command -v chromedriver)" cargo test -p asyncviz --target wasm32-unknown-unknown --test web --locked

say "release build (trunk, wasm-opt) and the example mdBook that embeds it"
trunk build --release
rm -rf examples/mdbook/src/asyncviz && cp -r dist examples/mdbook/src/asyncviz
mdbook build examples/mdbook

say "end-to-end tests (Playwright, Debian Chromium)"
npx playwright test

say "the reality check: each model's real server against its simulation (real/, README: Reality check)"
bash scripts/test-real.sh
