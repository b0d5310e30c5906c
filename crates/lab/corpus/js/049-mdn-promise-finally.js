// Source: MDN, Promise.prototype.finally(), "Using finally()", https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/finally#using_finally
// Changed: Math.random() replaced by the fixed value 0.7 so the mail always arrives
function checkMail() {
  return new Promise((resolve, reject) => {
    if (0.7 > 0.5) {
      resolve("Mail has arrived");
    } else {
      reject(new Error("Failed to arrive"));
    }
  });
}

checkMail()
  .then((mail) => {
    console.log(mail);
  })
  .catch((err) => {
    console.error(err);
  })
  .finally(() => {
    console.log("Experiment completed");
  });
