/**
 * A `next` parameter is followed only to a path on this site.
 *
 * Browsers strip tab, CR and LF anywhere in a URL and read `\` as `/`, so `/\t/evil.example` or
 * `/\evil.example` is `//evil.example`: another host. Checking the prefix of the raw text is not
 * enough. A target is refused (the answer is `/`) when, in its text or any percent-decoding of it:
 * it does not start with exactly one `/`, or holds a control character (C0, DEL, C1), a
 * backslash, or a Unicode line or paragraph separator. What is left is then resolved against a
 * placeholder origin and must stay on it. Used on the server (sign-in and sign-up pages) and
 * again in the browser (AuthForm) before `location.assign`.
 */
export function safeNext(value: string | string[] | undefined | null): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_NEXT_LENGTH) return '/';
  let text = v;
  // Decode until stable: `%252F%252F` is `//` after two rounds. Undecodable text is refused.
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    if (!isPlainPath(text)) return '/';
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return '/';
    }
    if (decoded === text) break;
    text = decoded;
    if (round === MAX_DECODE_ROUNDS - 1) return '/';
  }
  if (!isPlainPath(text)) return '/';
  let url: URL;
  try {
    url = new URL(v, PLACEHOLDER);
  } catch {
    return '/';
  }
  if (url.origin !== PLACEHOLDER) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

const MAX_NEXT_LENGTH = 2048;
const MAX_DECODE_ROUNDS = 4;
const PLACEHOLDER = 'http://deltalab.invalid';

// C0 controls (tab, CR, LF…), DEL, C1 controls, backslash, U+2028/U+2029.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/;

function isPlainPath(text: string): boolean {
  return text.startsWith('/') && !text.startsWith('//') && !FORBIDDEN.test(text);
}
