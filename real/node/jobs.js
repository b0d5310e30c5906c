// The job queue of `asyncviz real`: BullMQ on Redis.
//
//   node jobs.js front REDIS_PORT ATTEMPTS BACKOFF_MS
//   node jobs.js worker REDIS_PORT CONCURRENCY
//
// The front end (Express) answers GET /work?accept=c1000&steps=...&t0=EPOCH_US with 202 after
// computing for the accept step and adding the job; each worker process runs CONCURRENCY jobs at
// once and, when one is done, pushes "T0 NOW" (epoch µs: planned arrival, done) onto the Redis
// list asyncviz:done, which GET /done?from=K on the front end reads as [[t0, done], ...].
// Prints "LISTENING PORT" (the front end) or "READY" (a worker).
'use strict';
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');
const { parse, compute, perform } = require('./steps');

const [role, redisPort, a3, a4, a5] = process.argv.slice(2);
const connection = { host: '127.0.0.1', port: Number(redisPort), maxRetriesPerRequest: null };
const NAME = 'asyncviz';
// `asyncviz real` holds standard input open: when it goes away, so does this process.
process.stdin.on('end', () => process.exit(0)).resume();
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

if (role === 'front') {
  const express = require('express');
  const http = require('node:http');
  const attempts = Number(a3 || 1);
  const backoffMs = Number(a4 || 1000);
  const queue = new Queue(NAME, { connection });
  const redis = new IORedis(connection);
  const app = express();
  app.get('/work', async (req, res) => {
    let accept, steps;
    try {
      accept = parse(req.query.accept);
      steps = parse(req.query.steps);
    } catch (e) {
      return res.status(400).type('text').send(e.message);
    }
    const start = process.hrtime.bigint();
    for (const [, us] of accept) compute(us);
    await queue.add('job', { steps, t0: Number(req.query.t0) }, {
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    });
    res.status(202).type('text').send(`ok ${(process.hrtime.bigint() - start) / 1000n}`);
  });
  app.get('/done', async (req, res) => {
    const from = Number(req.query.from || 0);
    res.json((await redis.lrange('asyncviz:done', from, -1)).map((l) => l.split(' ').map(Number)));
  });
  app.get('/ready', (req, res) => {
    const v = (p) => require(`${p}/package.json`).version;
    res.type('text').send(`bullmq ${v('bullmq')} + express ${v('express')} on node ${process.versions.node}`);
  });
  const server = http.createServer(app);
  server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
    console.log(`LISTENING ${server.address().port}`);
  });
} else if (role === 'worker') {
  const redis = new IORedis(connection);
  const worker = new Worker(
    NAME,
    async (job) => {
      await perform(job.data.steps);
      await redis.rpush('asyncviz:done', `${job.data.t0} ${nowUs()}`);
    },
    { connection, concurrency: Number(a3 || 1) },
  );
  worker.on('ready', () => console.log('READY'));
  let said = '';
  worker.on('error', (e) => {
    if (e.message !== said) console.error(`worker: ${(said = e.message)}`);
  });
} else {
  console.error('usage: node jobs.js front REDIS_PORT ATTEMPTS BACKOFF_MS | worker REDIS_PORT CONCURRENCY');
  process.exit(2);
}
