/**
 * Text from learner code (console output, error messages, inputs they shaped) made safe for a
 * terminal: escape sequences (colours, clear screen, window title, OSC 52 clipboard writes) and
 * other control characters are shown as visible escapes instead of being obeyed, and a carriage
 * return cannot overwrite what the grader wrote. Newlines and tabs stay.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
