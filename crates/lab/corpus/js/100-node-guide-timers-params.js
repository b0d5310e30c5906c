// Source: Node.js Learn, "Discover JavaScript Timers", section "setTimeout()" (passing a function and parameters), https://nodejs.org/en/learn/asynchronous-work/discover-javascript-timers#settimeout
// Changed: myFunction's body ("do something") logs its parameters; firstParam and secondParam (undefined in the guide) are defined; 2000 ms becomes 200 ms
const firstParam = 'first';
const secondParam = 'second';

const myFunction = (firstParam, secondParam) => {
  console.log(firstParam, secondParam);
};

// runs after 2 seconds
setTimeout(myFunction, 200, firstParam, secondParam);
