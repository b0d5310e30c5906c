// Source: Node.js Learn, "The Node.js Event Loop", section "setImmediate() vs setTimeout()", https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick
// Changed: the guide schedules both inside an fs.readFile callback (an I/O cycle); the file read is replaced by a timer callback so no file I/O is needed
setTimeout(() => {
  setTimeout(() => {
    console.log('timeout');
  }, 0);
  setImmediate(() => {
    console.log('immediate');
  });
}, 0);
