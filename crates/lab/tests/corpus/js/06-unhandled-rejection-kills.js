console.log("a");
Promise.reject("nope");
setTimeout(() => console.log("never"), 0);
Promise.resolve().then(() => console.log("micro before crash"));
