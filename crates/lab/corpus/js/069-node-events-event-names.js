// Source: Node.js API docs, Events, "emitter.eventNames()", https://nodejs.org/api/events.html#emittereventnames
// Changed: unchanged
const EventEmitter = require('node:events');

const myEE = new EventEmitter();
myEE.on('foo', () => {});
myEE.on('bar', () => {});

const sym = Symbol('symbol');
myEE.on(sym, () => {});

console.log(myEE.eventNames());
// Prints: [ 'foo', 'bar', Symbol(symbol) ]
