// Source: Node.js API docs, Process, "process.nextTick(callback[, ...args])" (MyThing constructor pattern), https://nodejs.org/api/process.html#processnexttickcallback-args
// Changed: setupOptions, startDoingStuff and getReadyForStuff (left undefined in the docs) are given bodies that log
const { nextTick } = require('node:process');

function MyThing(options) {
  this.setupOptions(options);

  nextTick(() => {
    this.startDoingStuff();
  });
}
MyThing.prototype.setupOptions = function(options) { console.log('setupOptions', options); };
MyThing.prototype.startDoingStuff = function() { console.log('startDoingStuff'); };
MyThing.prototype.getReadyForStuff = function() { console.log('getReadyForStuff'); };

const thing = new MyThing();
thing.getReadyForStuff();

// thing.startDoingStuff() gets called now, not before.
