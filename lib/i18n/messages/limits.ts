/**
 * What the server says to a student when it refuses a request for its size or rate (the check,
 * submission and draft APIs). Sent as the JSON `error` of a 413 or 429, in the student's language.
 */
export const en = {
  checkTooFast: 'You pressed Check {limit} times in the last minute, the most allowed. Try again in {seconds} s.',
  checkRunning: 'Your previous Check is still running. Wait for its result, then try again.',
  submitTooFast: 'You submitted {limit} times in the last minute, the most allowed. Try again in {seconds} s.',
  codeTooLarge: 'Your code is {size} kB; the limit for this exercise is {limit} kB. Shorten it, then try again.',
};

export const zh: typeof en = {
  checkTooFast: '你在一分钟内已点击“检查”{limit} 次，达到上限。请 {seconds} 秒后再试。',
  checkRunning: '你上一次的“检查”还在运行。请等待结果后再试。',
  submitTooFast: '你在一分钟内已提交 {limit} 次，达到上限。请 {seconds} 秒后再试。',
  codeTooLarge: '你的代码有 {size} kB，本题上限为 {limit} kB。请精简后再试。',
};
