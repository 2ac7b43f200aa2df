import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  atPoint,
  compile,
  evaluate,
  ExprError,
  matrix,
  parse,
  previewExpression,
  scopeFromContext,
  toArray,
  toSource,
  toTex,
  type Env,
  type ExprContext,
  type Scope,
  type Value,
} from '../../../lib/quiz/expr';

const BACKPROP: ExprContext = {
  symbols: [
    { name: 'z_l', tex: '\\mathbf{z}^{(l)}', shape: [3, 1] },
    { name: 'W_next', tex: 'W^{(l+1)}', shape: [4, 3] },
    { name: 'delta_next', tex: '\\delta^{(l+1)}', shape: [4, 1] },
    { name: 'a_prev', shape: [2, 1] },
    { name: 'alpha', shape: [1, 1] },
  ],
  functions: [{ name: 'fprime', tex: "f_l'" }],
  dims: [
    { name: 'M_l', size: 3 },
    { name: 'M_next', size: 4 },
    { name: 'M_prev', size: 2 },
  ],
};
const scope = scopeFromContext(BACKPROP);

function analysisError(source: string, s: Scope = scope): ExprError {
  try {
    analyze(parse(source), source, s);
  } catch (err) {
    if (err instanceof ExprError) return err;
    throw err;
  }
  throw new Error(`"${source}" analysed`);
}

const scalarScope = scopeFromContext({ symbols: [{ name: 'x' }, { name: 'w' }, { name: 'b' }] });
function value(source: string, values: Record<string, Value> = {}, s: Scope = scalarScope): number | number[][] {
  const { ast } = compile(source, s);
  const env: Env = { values: new Map(Object.entries(values)), functions: new Map([['fprime', (t: number) => 2 * t]]), dims: new Map([['M_l', 3], ['M_next', 4], ['M_prev', 2]]) };
  return toArray(evaluate(ast, source, env));
}

describe('shapes', () => {
  it.each([
    ['fprime(z_l) .* (W_next^T * delta_next)', [3, 1]],
    ["(W_next' * delta_next) .* fprime(z_l)", [3, 1]],
    ['diag(fprime(z_l)) * W_next^T * delta_next', [3, 1]],
    ['z_l * a_prev^T', [3, 2]],
    ['alpha * z_l + 1', [3, 1]],
    ['z_l^T * z_l', [1, 1]],
    ['sum(z_l)', [1, 1]],
    ['ones(M_l) - z_l', [3, 1]],
    ['eye(M_l) * z_l', [3, 1]],
    ['zeros(M_next, M_l) + W_next', [4, 3]],
    ['max(z_l, 0)', [3, 1]],
  ])('%s is %j', (source, [rows, cols]) => {
    expect(analyze(parse(source), source, scope)).toEqual({ rows, cols });
  });

  it('names both shapes and the place of a bad product', () => {
    const err = analysisError('fprime(z_l) .* (W_next * delta_next)');
    expect(err.text.en).toBe('You multiplied a 4×3 (M_next×M_l) by a 4×1 (M_next×1) (in `W_next * delta_next`, column 17): the inner sizes 3 and 4 must agree.');
    expect(err.column).toBe(17);
    expect(err.text.zh).toContain('4×3 (M_next×M_l)');
  });

  it('suggests .* when two vectors of one shape are multiplied', () => {
    expect(analysisError('fprime(z_l) * (W_next^T * delta_next)').text.en).toMatch(/For an elementwise product use `\.\*`\.$/);
  });

  it.each([
    ['z_l + a_prev', 'shapeAdd', 'You added a 3×1 (M_l×1) and a 2×1 (M_prev×1)'],
    ['z_l - a_prev', 'shapeSubtract', 'You subtracted a 2×1 (M_prev×1) from a 3×1 (M_l×1)'],
    ['z_l .* a_prev', 'shapeElementwise', '`.*` needs operands of the same shape, but got a 3×1 (M_l×1) and a 2×1 (M_prev×1)'],
    ['z_l / a_prev', 'matrixDivide', 'use `./` for elementwise division'],
    ['z_l ^ 2', 'matrixPower', 'use `.^` for elementwise powers'],
    ['diag(W_next)', 'diagVector', '`diag` expects a vector, but got a 4×3 (M_next×M_l)'],
    ['max(z_l, a_prev)', 'shapeFunction', '`max` needs arguments of the same shape'],
    ['ones(z_l)', 'sizeArgument', '`ones` needs whole-number sizes'],
    ['ones(1000)', 'tooLarge', 'would be a 1000×1 matrix'],
  ])('%s', (source, code, text) => {
    const err = analysisError(source);
    expect(err.code).toBe(code);
    expect(err.text.en).toContain(text);
  });

  it('unknown symbols come with a suggestion, or the list of what is available', () => {
    expect(analysisError('W_nxt^T * delta_next').text.en).toBe('Unknown symbol `W_nxt` at column 1 — did you mean `W_next`?');
    expect(analysisError('w_next').text.en).toBe('Unknown symbol `w_next` at column 1 — did you mean `W_next`?');
    expect(analysisError('fprim(z_l)').text.en).toBe('Unknown function `fprim` at column 1 — did you mean `fprime`?');
    expect(analysisError('tanhh(x)', scalarScope).text.en).toBe('Unknown function `tanhh` at column 1 — did you mean `tanh`?');
    expect(analysisError('y', scalarScope).text.en).toBe('Unknown symbol `y` at column 1. Available here: `x`, `w`, `b`.');
    expect(analysisError('y', scalarScope).text.zh).toBe('第 1 列的符号 `y` 未定义。可用的有：`x`, `w`, `b`。');
  });

  it('object-property names are just unknown names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']) {
      expect(analysisError(name, scalarScope).code).toBe('unknownSymbol');
      expect(analysisError(`${name}(x)`, scalarScope).code).toBe('unknownFunction');
    }
    for (const name of ['eval', 'Function', 'require', 'process', 'globalThis', 'import']) {
      expect(analysisError(`${name}(x)`, scalarScope).code).toBe('unknownFunction');
    }
  });

  it('functions and symbols are not confused', () => {
    expect(analysisError('tanh * x', scalarScope).text.en).toBe('`tanh` at column 1 is a function: write `tanh(…)`.');
    expect(analysisError('x(w + b)', scalarScope).text.en).toBe('`x` at column 1 is a symbol, not a function; use `*` for a product.');
    expect(analysisError('exp(x, w)', scalarScope).text.en).toBe('`exp` at column 1 takes 1 argument(s), but got 2.');
    expect(analysisError('fprime()').code).toBe('arity');
  });

  it('refuses expressions too expensive to evaluate', () => {
    const big = scopeFromContext({ symbols: [{ name: 'A', shape: [64, 64] }] });
    expect(analysisError(Array(12).fill('A').join(' * '), big).code).toBe('tooExpensive');
  });
});

describe('evaluation', () => {
  it('computes scalars', () => {
    expect(value('1 - tanh(x)^2', { x: 0 })).toBe(1);
    expect(value('sigma(0) * (1 - sigma(0))')).toBe(0.25);
    expect(value('2^-1 + -x^2', { x: 3 })).toBe(-8.5);
    expect(value('max(1, 2, 3) + min(4, -1) + pow(2, 3) + abs(-2) + sqrt(4) + log(e) + exp(0)')).toBe(16);
    expect(value('relu(-1) + relu(2) + softplus(0)')).toBeCloseTo(2 + Math.log(2), 12);
    expect(value('sigmoid(-800) + logistic(800)')).toBe(1);
  });

  it('computes matrices, row-major, column vectors n×1', () => {
    const W = matrix(4, 3, (i, j) => i * 3 + j); // [[0,1,2],[3,4,5],[6,7,8],[9,10,11]]
    const d = matrix(4, 1, () => 1);
    const z = matrix(3, 1, (i) => i);
    expect(value("W_next' * delta_next", { W_next: W, delta_next: d }, scope)).toEqual([[18], [22], [26]]);
    expect(value('fprime(z_l) .* (W_next^T * delta_next)', { W_next: W, delta_next: d, z_l: z }, scope)).toEqual([[0], [44], [104]]);
    expect(value('diag(fprime(z_l)) * W_next^T * delta_next', { W_next: W, delta_next: d, z_l: z }, scope)).toEqual([[0], [44], [104]]);
    expect(value('z_l * a_prev^T', { z_l: z, a_prev: matrix(2, 1, () => 2) }, scope)).toEqual([[0, 0], [2, 2], [4, 4]]);
    expect(value('z_l^T * z_l', { z_l: z }, scope)).toEqual([[5]]);
    expect(value('sum(ones(M_l, M_next)) + alpha', { alpha: 0.5 }, scope)).toBe(12.5);
  });

  it('non-finite results name the innermost culprit; intermediate infinities that cancel are fine', () => {
    const fail = (source: string, values: Record<string, number> = {}) => {
      try {
        value(source, values);
      } catch (err) {
        if (err instanceof ExprError) return atPoint(err, { en: 'x = 1', zh: 'x = 1' });
        throw err;
      }
      throw new Error('finite');
    };
    expect(fail('exp(exp(exp(1000)))').en).toBe('`exp(1000)` (column 9) is not a finite number at x = 1.');
    expect(fail('1/(x - x)', { x: 1 }).en).toBe('Division by zero in `1/(x - x)` (column 1) at x = 1.');
    expect(fail('1/(x - x)', { x: 1 }).zh).toBe('在 x = 1 处，`1/(x - x)`（第 1 列）出现除以零。');
    expect(fail('log(-x)', { x: 1 }).en).toContain('`log(-x)`');
    expect(value('1/(1 + exp(1000))')).toBe(0);
  });

  // A hang fails the test by its timeout; the time these take is measured by `npm run bench:quiz`.
  it('huge exponents do not hang', () => {
    expect(() => value('x^1e308', { x: 2 })).toThrow(ExprError);
    expect(value('x^1e308', { x: 1 })).toBe(1);
    expect(() => value('2^2^2^2^2^2^2')).toThrow(ExprError);
    expect(() => value('(-8)^(1/3)')).toThrow('`(-8)^(1/3)` (column 1) is not a finite number.');
  });
});

describe('toTex and the preview', () => {
  const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: 'ignore' });

  it.each([
    ['1 - tanh(x)^2', '1 - {\\tanh\\left(x\\right)}^{2}'],
    ['(1 - tanh(x))*(1 + tanh(x))', '\\left(1 - \\tanh\\left(x\\right)\\right)\\,\\left(1 + \\tanh\\left(x\\right)\\right)'],
    ['x/(1 + exp(-x))', '\\frac{x}{\\left(1 + \\exp\\left(-x\\right)\\right)}'],
    ['delta_l * a_prev^T', '\\delta_{l}\\,{a_{\\mathrm{prev}}}^{\\top}'],
    ['2*x1 + alpha_2 - 1e-3', '2\\,x_{1} + \\alpha_{2} - 1 \\times 10^{-3}'],
    ['x * 2', 'x \\cdot 2'],
    ['a - (b - c)', 'a - \\left(b - c\\right)'],
    ['a - b*-c', 'a - b\\,\\left(-c\\right)'],
    ['z .* y ./ w .^ 2', 'z \\odot y \\oslash {w}^{\\circ 2}'],
  ])('%s', (source, tex) => {
    expect(toTex(parse(source))).toBe(tex);
    expect(() => render(tex)).not.toThrow();
  });

  it('uses the question’s LaTeX for its symbols and functions', () => {
    const result = previewExpression('fprime(z_l) .* (W_next^T * delta_next)', BACKPROP);
    expect(result).toEqual({
      tex: "f_l'\\left(\\mathbf{z}^{(l)}\\right) \\odot \\left({\\left(W^{(l+1)}\\right)}^{\\top}\\,\\delta^{(l+1)}\\right)",
      shape: [3, 1],
    });
    if ('tex' in result) expect(() => render(result.tex)).not.toThrow();
  });

  it('reports the first problem with its column, in the chosen language', () => {
    expect(previewExpression('W_next * delta_next', BACKPROP)).toEqual({
      error: 'You multiplied a 4×3 (M_next×M_l) by a 4×1 (M_next×1) (in `W_next * delta_next`, column 1): the inner sizes 3 and 4 must agree.',
      column: 1,
      unreadable: false,
    });
    expect(previewExpression('(x', undefined, 'zh')).toEqual({ error: '第 3 列应为 `)`，以闭合第 1 列的 `(`。', column: 3, unreadable: true });
    expect(previewExpression('x'.repeat(501))).toEqual({ error: 'The expression is 501 characters long; at most 500 are allowed.', unreadable: true });
  });

  it('without a question, checks only the syntax', () => {
    expect(previewExpression('foo(bar) + baz')).toEqual({ tex: '\\operatorname{foo}\\left(\\mathrm{bar}\\right) + \\mathrm{baz}' });
  });
});

describe('properties', () => {
  // Random well-formed expressions over a few symbols.
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('x', 'w', 'b', '2', '0.5', '1e-2', 'pi', 'e'),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '.*', './'), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('e').map((a) => `-${a}`),
      tie('e').map((a) => `(${a})`),
      tie('e').map((a) => `${a}'`),
      fc.tuple(fc.constantFrom('exp', 'log', 'tanh', 'sigma', 'sqrt', 'abs'), tie('e')).map(([f, a]) => `${f}(${a})`),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `max(${a}, ${b})`),
    ),
  })).e;

  it('printing and re-parsing gives the same expression (same value wherever it is finite)', () => {
    fc.assert(
      fc.property(expr, fc.double({ min: -2, max: 2, noNaN: true }), (source, x) => {
        let ast;
        try {
          ast = parse(source);
        } catch (err) {
          if (err instanceof ExprError) return; // too deep or too long: fine
          throw err;
        }
        const printed = toSource(ast);
        expect(toSource(parse(printed))).toBe(printed);
        const env: Env = { values: new Map([['x', x], ['w', 0.7], ['b', -1.3]]), functions: new Map(), dims: new Map() };
        const tryEval = (s: string) => {
          try {
            return toArray(evaluate(parse(s), s, env));
          } catch (err) {
            if (err instanceof ExprError) return 'not finite';
            throw err;
          }
        };
        expect(tryEval(printed)).toEqual(tryEval(source));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS) || 300 },
    );
  });

  it('every expression’s LaTeX renders with KaTeX', () => {
    fc.assert(
      fc.property(expr, (source) => {
        const result = previewExpression(source);
        if ('tex' in result) expect(() => render(result.tex)).not.toThrow();
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS) || 300 },
    );
    function render(tex: string) {
      katex.renderToString(tex, { throwOnError: true, strict: 'ignore' });
    }
  });

  // How long a preview takes on such strings is measured by `npm run bench:quiz`.
  it('any string at all: the preview answers with LaTeX or a message, never throws', () => {
    const alphabet = fc.constantFrom(...'xwb0123456789.+-*/^()\',TeEpi _δσ⊙ᵀ−[]{}=$!@#\u0000'.split(''), 'tanh(', 'exp(', '.*', './', '^T', '__proto__', 'constructor');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 120 }).map((a) => a.join('')), (source) => {
        const result = previewExpression(source, { symbols: [{ name: 'x' }, { name: 'w' }, { name: 'b' }] });
        expect('tex' in result || 'error' in result).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
