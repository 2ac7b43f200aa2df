import { describe, expect, it } from 'vitest';
import { ExprError, LIMITS, parse, toSource } from '../../../lib/quiz/expr';

/** The parse as fully parenthesised text: the clearest way to state precedence. */
function shape(source: string): string {
  const show = (n: ReturnType<typeof parse>): string => {
    switch (n.kind) {
      case 'num':
        return n.raw;
      case 'sym':
        return n.name;
      case 'neg':
        return `(-${show(n.arg)})`;
      case 'transpose':
        return `(${show(n.arg)})'`;
      case 'call':
        return `${n.name}(${n.args.map(show).join(', ')})`;
      case 'bin':
        return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    }
  };
  return show(parse(source));
}

function errorOf(source: string): ExprError {
  try {
    parse(source);
  } catch (err) {
    if (err instanceof ExprError) return err;
    throw err;
  }
  throw new Error(`"${source}" parsed`);
}

describe('parse: precedence and associativity', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['-x^2', '(-(x ^ 2))'],
    ['2^-1', '(2 ^ (-1))'],
    ['2^3^2', '(2 ^ (3 ^ 2))'],
    ['x**2', '(x ^ 2)'],
    ['-a*b', '((-a) * b)'],
    ['a .* b * c', '((a .* b) * c)'],
    ['a ./ b .^ 2', '(a ./ (b .^ 2))'],
    ["W'*d", "((W)' * d)"],
    ['W^T * d', "((W)' * d)"],
    ['W ^T * d', "((W)' * d)"],
    ['-W^T', "(-(W)')"],
    ['(a + b)^T', "((a + b))'"],
    ['f(x, y + 1)', 'f(x, (y + 1))'],
    ['+x', 'x'],
    ['1e-3 * .5', '(1e-3 * .5)'],
    ['2.*x', '(2 .* x)'],
  ])('%s  →  %s', (source, expected) => {
    expect(shape(source)).toBe(expected);
  });

  it('reads what people paste from the book: − × · ⊙ ᵀ and Greek letters', () => {
    expect(shape('W_nextᵀ × δ_next')).toBe("((W_next)' * delta_next)");
    expect(shape('σ(z) ⊙ (1 − σ(z))')).toBe('(sigma(z) .* (1 - sigma(z)))');
    expect(shape('2·π')).toBe('(2 * pi)');
  });

  it('prints back what it parsed (toSource), with only the parentheses needed', () => {
    for (const s of ['1 - tanh(x)^2', "(W_next' * delta_next) .* fprime(z_l)", 'a - (b - c)', '-(x + 1)^2', '(-2)^x', 'a / (b * c)', 'A * (B .* C)', 'x * (w / b)', 'a + (b - c)']) {
      const printed = toSource(parse(s));
      expect(shape(printed)).toBe(shape(s));
    }
    // Grouping on the right is kept: re-associating changes the matrix product or the rounding.
    expect(toSource(parse('A * (B .* C)'))).toBe('A * (B .* C)');
    expect(toSource(parse('A * B * C'))).toBe('A * B * C');
    const values = new Map([['w', -0.5], ['b', 2]]);
    expect(toSource(parse('w*x + b'), values)).toBe('-0.5 * x + 2');
    expect(toSource(parse('w^2 - w + x^w'), values)).toBe('(-0.5)^2 - (-0.5) + x^-0.5');
  });
});

describe('parse: errors point at the column', () => {
  it.each([
    ['fprime(z_l .* (W_next^T * delta_next)', 'expectedClose', 38, 'Expected `)` at column 38 to close the `(` at column 7.'],
    ['(x + 1', 'expectedClose', 7, 'Expected `)` at column 7 to close the `(` at column 1.'],
    ['x + 1)', 'unexpectedClose', 6, 'Unexpected `)` at column 6: there is no `(` for it to close.'],
    ['2x', 'missingOperator', 2, 'Expected an operator between `2` and `x` at column 2 (write `*` for a product, e.g. `2*x`).'],
    ['x +', 'unexpectedEnd', 4, 'The expression ends too early at column 4: expected a number, a symbol or `(` after `+`.'],
    ['* x', 'unexpectedToken', 1, 'Unexpected `*` at column 1: expected a number, a symbol or `(`.'],
    ["f'(x) = 1 - x", 'equalsSign', 7, 'Unexpected `=` at column 7: type only the right-hand side, without `=`.'],
    ['[1, 2]', 'brackets', 1, 'Unexpected `[` at column 1: use round parentheses `(` and `)` for grouping.'],
    ['x $ y', 'badChar', 3, 'Unexpected character `$` at column 3.'],
    ['a, b', 'unexpectedComma', 2, 'Unexpected `,` at column 2: commas only separate the arguments of a function.'],
    ['()', 'unexpectedClose', 2, 'Unexpected `)` at column 2: there is no `(` for it to close.'],
    ['1e999', 'badNumber', 1, 'The number `1e999` at column 1 is too large.'],
  ])('%s', (source, code, column, en) => {
    const err = errorOf(source);
    expect(err.code).toBe(code);
    expect(err.column).toBe(column);
    expect(err.text.en).toBe(en);
    expect(err.text.zh).toContain(String(column));
  });

  it('rejects empty input', () => {
    expect(errorOf('   ').code).toBe('empty');
  });
});

// How long these take is measured by `npm run bench:quiz`: the length limit answers before any parsing.
describe('parse: hostile input fails with a message', () => {
  it('10 000 nested parentheses', () => {
    const source = '('.repeat(10_000) + 'x' + ')'.repeat(10_000);
    expect(errorOf(source).code).toBe('tooLong');
  });

  it('a 100 kB string', () => {
    const source = 'x+'.repeat(50_000);
    expect(errorOf(source).text.en).toBe(`The expression is 100000 characters long; at most ${LIMITS.maxLength} are allowed.`);
  });

  it('deep nesting within the length limit gives a clear error, not a stack overflow', () => {
    const err = errorOf('('.repeat(60) + 'x' + ')'.repeat(60));
    expect(err.code).toBe('tooDeep');
    expect(err.text.en).toContain('more than 50 levels');
    expect(errorOf('-'.repeat(200) + 'x').code).toBe('tooDeep');
    expect(errorOf('2^'.repeat(100) + '2').code).toBe('tooDeep');
  });

  it('too many terms', () => {
    expect(errorOf('x+'.repeat(200) + 'x').code).toBe('tooManyNodes');
  });

  it('control characters are named, not printed', () => {
    expect(errorOf('x\u0000y').text.en).toBe('Unexpected character `U+0000` at column 2.');
  });

  it('50 nested levels still parse', () => {
    expect(() => parse('('.repeat(48) + 'x' + ')'.repeat(48))).not.toThrow();
  });
});
