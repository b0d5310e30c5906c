// Serves dist/ for the end-to-end tests the way a strict docs host would:
// under a nested sub-path, with the Content-Security-Policy the app promises
// to work with. Usage: node e2e/serve.mjs PORT
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const BASE = '/docs/nested/asyncviz/';
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const root = path.resolve('dist');
const fixtures = path.resolve('e2e/fixtures');
const examples = path.resolve('examples');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png', '.ico': 'image/x-icon',
};
const port = Number(process.argv[2] || 4173);

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  // /host/… is a docs page of the tests' own that embeds the app.
  // /examples/… serves the plain-HTML and mdBook examples that use the loader.
  const [dir, prefix] = url.pathname.startsWith('/host/') ? [fixtures, '/host/']
    : url.pathname.startsWith('/examples/') ? [examples, '/examples/'] : [root, BASE];
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end('not under ' + BASE);
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(prefix.length));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(dir, rel);
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end('not found');
    return;
  }
  const headers = { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
  // mdBook's own pages use inline scripts; the app inside them keeps the CSP.
  if (!url.pathname.startsWith('/examples/mdbook/book/') || url.pathname.includes('/asyncviz/')) headers['Content-Security-Policy'] = CSP;
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1');
