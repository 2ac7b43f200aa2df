import type { Node, Span } from './ast';
import { exprError } from './errors';
import { LIMITS } from './limits';
import { tokenize, type Operator, type Token } from './tokens';

/**
 * A Pratt parser for the quiz expression language. Precedence, loosest first:
 *
 *   + −                 left-associative
 *   * / .* ./           left-associative; `*` is the matrix product
 *   unary − +
 *   ^ .^                right-associative: `-x^2` is −(x²), `2^-1` is ½
 *   ' ^T ᵀ              postfix transpose
 *   numbers, symbols, f(…), (…)
 *
 * Recursion depth and node count are bounded (LIMITS) so hostile input fails with a message,
 * never with a stack overflow.
 */

const INFIX: ReadonlyMap<Operator, number> = new Map([
  ['+', 10],
  ['-', 10],
  ['*', 20],
  ['/', 20],
  ['.*', 20],
  ['./', 20],
  ['^', 40],
  ['.^', 40],
]);
const UNARY_BP = 30;
const POSTFIX_BP = 50;

export function parse(source: string): Node {
  if (source.length > LIMITS.maxLength) throw exprError('tooLong', { length: source.length, max: LIMITS.maxLength });
  if (source.trim() === '') throw exprError('empty', {});
  return new Parser(source, tokenize(source)).parseAll();
}

class Parser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): Node {
    const node = this.expression(0);
    const next = this.peek();
    if (next.kind !== 'end') throw this.unexpectedAfter(next);
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private node<N extends Node>(n: N): N {
    if (++this.nodes > LIMITS.maxNodes) throw exprError('tooManyNodes', { max: LIMITS.maxNodes });
    return n;
  }

  /** `^` directly followed by `T` is a transpose, not a power. */
  private isCaretT(): boolean {
    const t = this.peek();
    const u = this.peek(1);
    return t.kind === 'op' && t.op === '^' && t.text === '^' && u.kind === 'ident' && u.text === 'T';
  }

  private expression(minBp: number): Node {
    const at = this.peek();
    if (++this.depth > LIMITS.maxDepth) throw exprError('tooDeep', { max: LIMITS.maxDepth }, at);
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'transpose' || this.isCaretT()) {
        if (POSTFIX_BP <= minBp) break;
        this.next();
        const end = t.kind === 'transpose' ? t.end : this.next().end;
        left = this.node({ kind: 'transpose', arg: left, start: left.start, end });
        continue;
      }
      if (t.kind !== 'op') break;
      const bp = INFIX.get(t.op!)!;
      if (bp <= minBp) break;
      this.next();
      const rightAssoc = t.op === '^' || t.op === '.^';
      const right = this.operand(t, rightAssoc ? bp - 1 : bp);
      left = this.node({ kind: 'bin', op: t.op!, left, right, start: left.start, end: right.end });
    }
    this.depth--;
    return left;
  }

  /** The operand after an operator token, with a message when it is missing. */
  private operand(after: Token, bp: number): Node {
    const t = this.peek();
    if (t.kind === 'end') throw exprError('unexpectedEnd', { after: after.text }, t);
    return this.expression(bp);
  }

  private prefix(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return this.node({ kind: 'num', value: t.value!, raw: t.text, start: t.start, end: t.end });
      case 'ident':
        if (this.peek().kind === 'lparen') return this.call(t);
        return this.node({ kind: 'sym', name: t.name!, start: t.start, end: t.end });
      case 'lparen': {
        if (this.peek().kind === 'rparen') throw exprError('unexpectedClose', {}, this.peek());
        const inner = this.operand(t, 0);
        const close = this.expectClose(t);
        return { ...inner, paren: true, inner: inner.inner ?? { start: inner.start, end: inner.end }, start: t.start, end: close.end };
      }
      case 'op':
        if (t.op === '-' || t.op === '+') {
          const arg = this.operand(t, UNARY_BP);
          if (t.op === '+') return { ...arg, start: t.start };
          return this.node({ kind: 'neg', arg, start: t.start, end: arg.end });
        }
        throw exprError('unexpectedToken', { token: t.text }, t);
      case 'rparen':
        throw exprError('unexpectedClose', {}, t);
      case 'comma':
        throw exprError('unexpectedComma', {}, t);
      case 'transpose':
        throw exprError('unexpectedToken', { token: t.text }, t);
      case 'end':
        throw exprError('empty', {});
    }
  }

  private call(name: Token): Node {
    const open = this.next();
    const args: Node[] = [];
    if (this.peek().kind !== 'rparen') {
      for (;;) {
        args.push(this.operand(this.tokens[this.pos - 1]!, 0));
        if (this.peek().kind !== 'comma') break;
        this.next();
      }
    }
    const close = this.expectClose(open);
    const nameSpan: Span = { start: name.start, end: name.end };
    return this.node({ kind: 'call', name: name.name!, nameSpan, args, start: name.start, end: close.end });
  }

  private expectClose(open: Token): Token {
    const t = this.peek();
    if (t.kind === 'rparen') return this.next();
    if (t.kind === 'end' || t.kind === 'comma') {
      throw exprError('expectedClose', { open: open.start + 1 }, t);
    }
    throw this.unexpectedAfter(t, open);
  }

  /** A token that cannot follow a complete operand. */
  private unexpectedAfter(t: Token, open?: Token) {
    if (t.kind === 'rparen') return exprError('unexpectedClose', {}, t);
    if (t.kind === 'comma') return open ? exprError('expectedClose', { open: open.start + 1 }, t) : exprError('unexpectedComma', {}, t);
    if (t.kind === 'num' || t.kind === 'ident' || t.kind === 'lparen') {
      const prev = this.tokens[this.tokens.indexOf(t) - 1]!;
      return exprError('missingOperator', { left: prev.text, right: t.text }, t);
    }
    return exprError('unexpectedToken', { token: t.text }, t);
  }
}
