#!/usr/bin/env bash
# Installs whatever is missing, then runs every check and test CI runs.
# Idempotent: on a machine that has everything it goes straight to the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

say "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

say "format and lints (host and wasm32)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p asyncviz-engine --target wasm32-unknown-unknown --locked -- -D warnings

say "the engine stays pure: no web crates in its dependency tree"
if cargo tree -p asyncviz-engine -e normal --prefix none --locked | grep -Ei '^(yew|web-sys|js-sys|gloo|wasm-bindgen)[ -]'; then
  echo "asyncviz-engine must not depend on web crates" >&2
  exit 1
fi

say "engine builds for wasm32"
cargo build -p asyncviz-engine --target wasm32-unknown-unknown --release --locked

say "engine and CLI tests"
cargo test --workspace --locked
