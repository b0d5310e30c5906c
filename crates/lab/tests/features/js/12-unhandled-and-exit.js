process.on('unhandledRejection', (reason, p) => {
  console.log('unhandled:', reason, p);
});
process.on('exit', (code) => console.log('exit', code));
Promise.reject('first');
new Promise((_, rej) => setTimeout(rej, 10, 'later'));
setTimeout(() => console.log('still running'), 20);
