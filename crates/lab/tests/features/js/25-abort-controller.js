// AbortController with timers/promises setTimeout and events.once, against promise jobs and
// nextTicks queued around the abort.
const { setTimeout: sleep } = require('timers/promises');
const { EventEmitter, once } = require('events');

const ac = new AbortController();
const { signal } = ac;
console.log('aborted before', signal.aborted, signal.reason);

sleep(50, 'never', { signal })
  .then((v) => console.log('resolved', v))
  .catch((e) => console.log('timer 1', e.name, e.code, e.message, e.cause.name, e.cause.message, e instanceof Error));
sleep(10, 'fast', { signal }).then((v) => {
  console.log('timer 2 resolved', v);
  Promise.resolve().then(() => console.log('job after timer 2'));
  process.nextTick(() => console.log('tick after timer 2'));
  ac.abort();
  console.log('aborted after', signal.aborted, signal.reason.name, Object.keys(signal));
  ac.abort('again');
  console.log('reason kept', signal.reason.name);
});
sleep(20, 'plain').then((v) => console.log('unsignalled', v));

const ee = new EventEmitter();
const ac2 = new AbortController();
once(ee, 'go', { signal: ac2.signal })
  .then((args) => console.log('go', args))
  .catch((e) => console.log('once 1', e.name, e.cause));
once(ee, 'stop', { signal: ac2.signal })
  .then((args) => console.log('stop', args))
  .catch((e) => console.log('once 2', e.name, e.cause));
ee.emit('go', 1, 2);
console.log('listeners left', ee.listenerCount('go'), ee.listenerCount('stop'), ee.listenerCount('error'));
ac2.abort('enough');
console.log('after abort 2', ee.listenerCount('stop'), ee.listenerCount('error'), ac2.signal.reason);

// An already aborted signal rejects at once.
sleep(10, 'x', { signal: ac2.signal }).catch((e) => console.log('pre-aborted timer', e.name, e.cause));
once(ee, 'go', { signal: ac2.signal }).catch((e) => console.log('pre-aborted once', e.name, e.cause));
try {
  ac2.signal.throwIfAborted();
} catch (e) {
  console.log('thrown', e);
}
new AbortController().signal.throwIfAborted();
console.log('not thrown');
Promise.resolve().then(() => console.log('first job'));
process.nextTick(() => console.log('first tick'));
