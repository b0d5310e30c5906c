// Source: the widely circulated "script start / async1 start" interview question (Toutiao front-end interview, 2018; Advanced-Frontend/Daily-Interview-Question, question 10), https://github.com/Advanced-Frontend/Daily-Interview-Question
// Changed: unchanged
async function async1() {
  console.log('async1 start');
  await async2();
  console.log('async1 end');
}
async function async2() {
  console.log('async2');
}
console.log('script start');
setTimeout(function() {
  console.log('setTimeout');
}, 0);
async1();
new Promise(function(resolve) {
  console.log('promise1');
  resolve();
}).then(function() {
  console.log('promise2');
});
console.log('script end');
