#!/usr/bin/env bash
# Installs what asyncviz needs, skipping what is already there. Sourced with one argument:
#
#   source scripts/setup.sh serve   what building and serving need: the wasm32 target,
#                                   wasm-bindgen-cli, Trunk and wasm-opt (scripts/serve.sh)
#   source scripts/setup.sh test    all of that, plus what the tests need: rustfmt and clippy,
#                                   Debian's Chromium and ChromeDriver, mdBook, Playwright and
#                                   axe (scripts/test.sh)
#
# Versions are the ones verified on this machine kind (see shared/docs/TOOLCHAIN.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SETUP_FOR=${1:-test}
case "$SETUP_FOR" in
  serve | test) ;;
  *) echo "setup: unknown need '$SETUP_FOR' (serve or test)" >&2; exit 2 ;;
esac
testing() { [ "$SETUP_FOR" = test ]; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

note() { printf '  setup: %s\n' "$*"; }

# Rust target for the browser, plus (for the tests) the linters CI runs.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  note "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if testing; then
  for c in rustfmt clippy; do
    rustup component list --installed | grep -q "^$c" || rustup component add "$c"
  done
fi

# npm installs wasm-opt; the code lab's differential tests run real Node.js and CPython (both
# on this machine kind). Say so plainly if one is missing.
command -v npm >/dev/null || { echo "setup: Node.js and npm are needed (npm installs wasm-opt)" >&2; exit 1; }
if testing; then
  for c in node python3; do
    command -v "$c" >/dev/null || { echo "setup: $c is needed (the code lab's differential tests run it)" >&2; exit 1; }
  done
fi

# Debian's Chromium and ChromeDriver for the tests (nothing downloads a browser of its own).
missing=()
if testing; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
fi
if [ ${#missing[@]} -gt 0 ]; then
  note "installing ${missing[*]} from Debian"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
wb=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb"; then
  note "installing wasm-bindgen-cli $wb (about 2 minutes)"
  cargo install -q wasm-bindgen-cli --version "=$wb"
fi
if ! trunk --version 2>/dev/null | grep -q "0.21.14"; then
  note "installing trunk 0.21.14 (about 6 minutes)"
  cargo install -q trunk --version 0.21.14 --locked
fi

if testing && ! mdbook --version 2>/dev/null | grep -q "v0.4.52"; then
  note "installing mdbook 0.4.52 for the example book (about 5 minutes)"
  cargo install -q mdbook --version 0.4.52 --locked
fi

# wasm-opt (npm binaryen 132) and esbuild (the glue's minifier), dependencies; and, for the tests, Playwright and axe (dev
# dependencies), pinned by package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || { testing && [ ! -x node_modules/.bin/playwright ]; }; then
  if testing; then
    note "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
  else
    note "installing wasm-opt (npm binaryen) and esbuild"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
  fi
fi
