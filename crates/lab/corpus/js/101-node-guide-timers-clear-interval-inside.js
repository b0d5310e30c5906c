// Source: Node.js Learn, "Discover JavaScript Timers", section "setInterval()" (clearInterval inside the callback), https://nodejs.org/en/learn/asynchronous-work/discover-javascript-timers#setinterval
// Changed: App (undefined in the guide) is an object whose somethingIWait becomes 'arrived' after 350 ms; "do things" logs a line
const App = { somethingIWait: 'waiting' };
setTimeout(() => {
  App.somethingIWait = 'arrived';
}, 350);

const interval = setInterval(() => {
  if (App.somethingIWait === 'arrived') {
    clearInterval(interval);
  }
  // otherwise do things
  console.log('tick', App.somethingIWait);
}, 100);
