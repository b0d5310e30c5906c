// Source: asyncviz issue 13 ("the classic closure-in-a-loop puzzle"), as pasted by users from countless tutorials
// Changed: unchanged
for (let i = 0; i < 3; i++) setTimeout(() => console.log(i));
