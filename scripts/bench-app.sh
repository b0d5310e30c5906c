#!/usr/bin/env bash
# Measures the app as people get it: first-load size (gzipped HTML + JS + wasm
# + CSS of the release build) and animation smoothness (requestAnimationFrame
# intervals in headless Chromium with the heaviest preset at 100x).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test
trunk build --release >/dev/null 2>&1

echo "== first load, gzip -9"
total=0
# What the page loads: the HTML, the loader, the app's glue and wasm, the CSS. The code lab's
# module (asyncviz-lab*, lab-worker.js), the TOML reader (asyncviz-toml*) and the tour's and the
# Korean catalog's text load when those views open (or a
# docs page has a TOML block), cpu-worker.js when a worker run starts, and embed.js only on
# docs pages: they are measured apart.
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css; do
  case "$(basename "$f")" in asyncviz-lab*|asyncviz-toml*|lab-worker.js|cpu-worker.js|embed.js) continue ;; esac
  n=$(gzip -9c "$f" | wc -c)
  total=$((total + n))
  printf '  %-48s %8d bytes\n' "$(basename "$f")" "$n"
done
printf '  %-48s %8d bytes (%.1f KB; budget 300 KB)\n' "total" "$total" "$(echo "$total/1024" | bc -l)"
lab=0
for f in dist/asyncviz-lab.js dist/asyncviz-lab_bg.wasm dist/lab-worker.js; do
  lab=$((lab + $(gzip -9c "$f" | wc -c)))
done
printf '  %-48s %8d bytes (%.1f KB; budget 350 KB)\n' "code lab module, on demand" "$lab" "$(echo "$lab/1024" | bc -l)"
toml=0
for f in dist/asyncviz-toml.js dist/asyncviz-toml_bg.wasm; do
  toml=$((toml + $(gzip -9c "$f" | wc -c)))
done
printf '  %-48s %8d bytes (%.1f KB)\n' "TOML reader (docs pages with a TOML block)" "$toml" "$(echo "$toml/1024" | bc -l)"
for f in dist/tour.json dist/ko.json dist/cpu-worker.js dist/embed.js; do
  printf '  %-48s %8d bytes, on demand\n' "$(basename "$f")" "$(gzip -9c "$f" | wc -c)"
done

port=${BENCH_PORT:-4280}
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
echo "== smoothness"
node scripts/bench-frames.mjs "http://127.0.0.1:$port/"
