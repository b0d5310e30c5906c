// The event loop of `asyncviz real` with flavor node: Express (plain node:http if Express is
// not installed) answering GET /work?steps=... after performing its steps on the one loop
// (compute steps on worker threads with --workers N --offload-cpu).
// Prints "LISTENING PORT" once it accepts connections on 127.0.0.1.
'use strict';
const http = require('node:http');
const { parse, perform } = require('./steps');

// node server.js [--workers N --offload-cpu]
const argv = process.argv.slice(2);
const workers = argv.includes('--workers') ? Number(argv[argv.indexOf('--workers') + 1]) : 0;
const offload = workers > 0 && argv.includes('--offload-cpu') ? require('./offload')(workers) : null;

async function handle(query, send) {
  let steps;
  try {
    steps = parse(query.steps);
  } catch (e) {
    return send(400, e.message);
  }
  const start = process.hrtime.bigint();
  await perform(steps, offload);
  send(200, `ok ${(process.hrtime.bigint() - start) / 1000n}`);
}

let app;
let stack;
try {
  const express = require('express');
  stack = `express ${require('express/package.json').version}`;
  app = express();
  app.get('/work', (req, res) => handle(req.query, (status, body) => res.status(status).type('text').send(body)));
  app.get('/ready', (req, res) => res.type('text').send(`${stack} on node ${process.versions.node}`));
} catch {
  stack = 'node:http';
  app = (req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (status, body) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    if (url.pathname === '/ready') return send(200, `${stack} on node ${process.versions.node}`);
    if (url.pathname !== '/work') return send(404, 'not found');
    handle(Object.fromEntries(url.searchParams), send);
  };
}

// `asyncviz real` holds this process's standard input open: when it goes away, so does the server.
process.stdin.on('end', () => process.exit(0)).resume();

const server = http.createServer(app);
server.keepAliveTimeout = 5000;
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  console.log(`LISTENING ${server.address().port}`);
});
