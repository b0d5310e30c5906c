// Source: MDN Guide, "Using microtasks in JavaScript with queueMicrotask()", section "Simple microtask example", https://developer.mozilla.org/en-US/docs/Web/API/HTML_DOM_API/Microtask_guide#simple_microtask_example
// Changed: the page's log() helper writes into the DOM; here log is console.log
const log = (s) => console.log(s);

let callback = () => log("Regular timeout callback has run");

let urgentCallback = () => log("*** Oh noes! An urgent callback has run!");

log("Main program started");
setTimeout(callback, 0);
queueMicrotask(urgentCallback);
log("Main program exiting");
