// Source: Node.js Learn, "Discover JavaScript Timers", section "Zero delay", https://nodejs.org/en/learn/asynchronous-work/discover-javascript-timers#zero-delay
// Changed: unchanged
setTimeout(() => {
  console.log('after ');
}, 0);

console.log(' before ');
