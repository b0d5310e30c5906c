// Source: Node.js API docs, Timers, "setTimeout" and util.promisify (setTimeout[util.promisify.custom]), https://nodejs.org/docs/latest-v14.x/api/timers.html#timers_settimeout_callback_delay_args
// Changed: unchanged (prints nothing)
const util = require('node:util');
const setTimeoutPromise = util.promisify(setTimeout);
setTimeoutPromise(40, 'foobar').then((value) => {
  // value === 'foobar' (passing values is optional)
  // This is executed after about 40 milliseconds.
});
