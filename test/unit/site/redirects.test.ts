import { describe, expect, it } from 'vitest';
import { safeNext } from '../../../lib/site/redirects';

/**
 * The `next` parameter as the page receives it (Next.js has decoded the query string once). Each
 * attack below leaves the site in a browser when followed as-is; every one must come back as `/`.
 */
const ATTACKS: [string, string][] = [
  ['protocol-relative', '//evil.example'],
  ['backslash after slash', '/\\evil.example'],
  ['tab after slash (browsers strip it)', '/\t/evil.example'],
  ['LF after slash', '/\n/evil.example'],
  ['CR after slash', '/\r/evil.example'],
  ['CRLF header injection', '/x\r\nSet-Cookie: a=b'],
  ['tab between slashes twice', '/\t\t/evil.example'],
  ['NUL', '/\u0000/evil.example'],
  ['DEL', '/\u007f/evil.example'],
  ['C1 control (NEL)', '/\u0085/evil.example'],
  ['line separator', '/\u2028/evil.example'],
  ['backslash later in the path', '/a\\..\\..\\evil'],
  ['encoded tab (double-encoded in the query)', '/%09/evil.example'],
  ['encoded LF', '/%0a/evil.example'],
  ['encoded CR', '/%0D/evil.example'],
  ['encoded slash pair', '/%2F/evil.example'],
  ['encoded backslash', '/%5Cevil.example'],
  ['double-encoded slash', '/%252F/evil.example'],
  ['triple-encoded tab', '/%25252509/evil.example'],
  ['encoded leading slashes', '%2F%2Fevil.example'],
  ['absolute URL', 'https://evil.example/'],
  ['javascript URL', 'javascript:alert(1)'],
  ['scheme-relative with credentials', '//user@evil.example'],
  ['bare host', 'evil.example'],
  ['empty', ''],
  ['malformed escape', '/%E0%A4%A'],
  ['lone percent', '/%'],
  ['very long', `/${'a'.repeat(5000)}`],
];

describe('safeNext', () => {
  it.each(ATTACKS)('refuses %s', (_name, value) => {
    expect(safeNext(value)).toBe('/');
  });

  it('refuses the first of several values when it is an attack', () => {
    expect(safeNext(['/\t/evil.example', '/exercises/x'])).toBe('/');
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNext('/')).toBe('/');
    expect(safeNext('/exercises/sigmoid-prime')).toBe('/exercises/sigmoid-prime');
    expect(safeNext('/staff/review?student=a1&exercise=b2')).toBe('/staff/review?student=a1&exercise=b2');
    expect(safeNext('/quizzes/q1#question-2')).toBe('/quizzes/q1#question-2');
    expect(safeNext('/exercises/x?q=a%20b')).toBe('/exercises/x?q=a%20b');
    expect(safeNext(['/staff/gradebook', '/x'])).toBe('/staff/gradebook');
  });

  it('never returns something a browser resolves to another origin', () => {
    // Every printable ASCII character and the ones browsers ignore, after each of the prefixes.
    const prefixes = ['/', '/a/', '/%', '/%2', '/%25'];
    const chars = [...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)), '\u2028', '\u0085', '\u3002', '\uff0f'];
    for (const prefix of prefixes) {
      for (const a of chars) {
        for (const b of ['', '/', '\\', 'evil.example']) {
          const out = safeNext(`${prefix}${a}${b}`);
          expect(new URL(out, 'https://deltalab.example').origin, JSON.stringify(`${prefix}${a}${b}`)).toBe('https://deltalab.example');
          expect(out.startsWith('/') && !out.startsWith('//') && !out.includes('\\')).toBe(true);
        }
      }
    }
  });
});
