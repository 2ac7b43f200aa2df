import { exprError } from './errors';

export type TokenKind = 'num' | 'ident' | 'op' | 'lparen' | 'rparen' | 'comma' | 'transpose' | 'end';
export type Operator = '+' | '-' | '*' | '/' | '^' | '.*' | './' | '.^';

export interface Token {
  kind: TokenKind;
  /** The text as typed (for messages). */
  text: string;
  /** Normalised operator, for `kind === 'op'`. */
  op?: Operator;
  /** Identifier name, normalised (`σ` is `sigma`). */
  name?: string;
  value?: number;
  start: number;
  end: number;
}

/** Characters people paste from the book or a word processor, read as what they mean. */
const UNICODE_OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ['−', '-'],
  ['–', '-'],
  ['×', '*'],
  ['·', '*'],
  ['⋅', '*'],
  ['⊙', '.*'],
  ['÷', '/'],
]);
const GREEK: ReadonlyMap<string, string> = new Map([
  ['α', 'alpha'],
  ['β', 'beta'],
  ['γ', 'gamma'],
  ['δ', 'delta'],
  ['η', 'eta'],
  ['λ', 'lambda'],
  ['π', 'pi'],
  ['σ', 'sigma'],
]);
const TRANSPOSE_CHARS = new Set(["'", 'ᵀ', '’', '′']);

const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT_START = /[A-Za-z_]/;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000') {
      i++;
      continue;
    }
    const rest = source.slice(i, i + 64);
    const num = NUMBER.exec(rest);
    if (num && (c !== '.' || /\d/.test(source[i + 1] ?? ''))) {
      const text = num[0];
      const value = Number(text);
      if (!Number.isFinite(value)) throw exprError('badNumber', { text }, { start: i, end: i + text.length });
      tokens.push({ kind: 'num', text, value, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    const greek = GREEK.get(c);
    if (IDENT_START.test(c) || greek) {
      // A Greek letter starts an identifier spelt with its name: `δ_l` is `delta_l`.
      let end = i + 1;
      while (end < source.length && /[A-Za-z0-9_]/.test(source[end]!)) end++;
      const text = source.slice(i, end);
      tokens.push({ kind: 'ident', text, name: greek ? greek + text.slice(1) : text, start: i, end });
      i = end;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '.*' || two === './' || two === '.^' || two === '**') {
      tokens.push({ kind: 'op', text: two, op: two === '**' ? '^' : two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^') {
      tokens.push({ kind: 'op', text: c, op: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const uop = UNICODE_OPERATORS.get(c);
    if (uop) {
      tokens.push({ kind: 'op', text: c, op: uop, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '(') tokens.push({ kind: 'lparen', text: c, start: i, end: i + 1 });
    else if (c === ')') tokens.push({ kind: 'rparen', text: c, start: i, end: i + 1 });
    else if (c === ',') tokens.push({ kind: 'comma', text: c, start: i, end: i + 1 });
    else if (TRANSPOSE_CHARS.has(c)) tokens.push({ kind: 'transpose', text: c, start: i, end: i + 1 });
    else {
      const span = { start: i, end: i + 1 };
      if (c === '=') throw exprError('equalsSign', {}, span);
      if (c === '[' || c === ']' || c === '{' || c === '}') throw exprError('brackets', { char: c }, span);
      const cp = source.codePointAt(i)!;
      const char = String.fromCodePoint(cp);
      throw exprError('badChar', { char: /\p{C}/u.test(char) ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : char }, { start: i, end: i + char.length });
    }
    i++;
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}
