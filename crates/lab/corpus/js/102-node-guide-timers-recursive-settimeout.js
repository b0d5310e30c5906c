// Source: Node.js Learn, "Discover JavaScript Timers", section "Recursive setTimeout", https://nodejs.org/en/learn/asynchronous-work/discover-javascript-timers#recursive-settimeout
// Changed: "do something" logs a counter and the recursion stops after three runs (the guide's runs forever); 1000 ms becomes 100 ms
let runs = 0;
const myFunction = () => {
  // do something
  runs++;
  console.log('run', runs);
  if (runs === 3) return;

  setTimeout(myFunction, 100);
};

setTimeout(myFunction, 100);
