// Source: Node.js Learn, "Discover Promises in Node.js", section "Top-Level Await", https://nodejs.org/en/learn/asynchronous-work/discover-promises-in-nodejs#top-level-await
// Changed: the 1000 ms delay becomes 100 ms; a console.log after the await shows when the module goes on
import { setTimeout as delay } from 'node:timers/promises';

await delay(100);
console.log('after the top-level await');
