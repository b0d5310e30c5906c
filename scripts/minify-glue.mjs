// Trunk post-build hook (Trunk.toml): minifies the JavaScript glue wasm-bindgen writes for
// each wasm module (the app, the code lab, the TOML reader) in release builds. Trunk's own
// minifier gives up on this glue ("Failed to minify JS") and ships it as written, about a
// third of it whitespace and long local names. Debug builds are left readable.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-glue: TRUNK_STAGING_DIR is not set (this script runs as a Trunk hook)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

// The glue files are named after the wasm they load: NAME.js beside NAME_bg.wasm.
const files = readdirSync(dir);
for (const wasm of files.filter((f) => f.endsWith('_bg.wasm'))) {
  const glue = wasm.replace(/_bg\.wasm$/, '.js');
  if (!files.includes(glue)) continue;
  const path = join(dir, glue);
  const source = readFileSync(path, 'utf8');
  // ES2020: what the app's browsers run anyway (WebAssembly, modules, BigInt in the glue).
  const { code } = transformSync(source, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' });
  writeFileSync(path, code);
  console.log(`minify-glue: ${glue} ${source.length} -> ${code.length} bytes`);
}
