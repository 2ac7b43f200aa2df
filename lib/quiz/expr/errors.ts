import { fill, type LocalizedText } from './text';

/**
 * Everything that can be wrong with a typed expression, in both languages. Every message that is
 * about one place in the input names its column (1-based), so the editor can point at it.
 */
const MESSAGES = {
  empty: { en: 'Type an expression.', zh: '请输入一个表达式。' },
  tooLong: {
    en: 'The expression is {length} characters long; at most {max} are allowed.',
    zh: '表达式有 {length} 个字符；最多允许 {max} 个。',
  },
  tooDeep: {
    en: 'The expression is nested too deeply (more than {max} levels) at column {column}.',
    zh: '表达式嵌套过深（超过 {max} 层），位于第 {column} 列。',
  },
  tooManyNodes: { en: 'The expression is too long (more than {max} terms).', zh: '表达式过长（超过 {max} 项）。' },
  badChar: { en: 'Unexpected character `{char}` at column {column}.', zh: '第 {column} 列出现意外的字符 `{char}`。' },
  equalsSign: {
    en: 'Unexpected `=` at column {column}: type only the right-hand side, without `=`.',
    zh: '第 {column} 列出现意外的 `=`：只需输入等号右边的部分。',
  },
  brackets: {
    en: 'Unexpected `{char}` at column {column}: use round parentheses `(` and `)` for grouping.',
    zh: '第 {column} 列出现意外的 `{char}`：分组请使用圆括号 `(` 和 `)`。',
  },
  badNumber: { en: 'The number `{text}` at column {column} is too large.', zh: '第 {column} 列的数 `{text}` 太大。' },
  expectedClose: {
    en: 'Expected `)` at column {column} to close the `(` at column {open}.',
    zh: '第 {column} 列应为 `)`，以闭合第 {open} 列的 `(`。',
  },
  unexpectedClose: {
    en: 'Unexpected `)` at column {column}: there is no `(` for it to close.',
    zh: '第 {column} 列出现意外的 `)`：没有与之配对的 `(`。',
  },
  unexpectedToken: {
    en: 'Unexpected `{token}` at column {column}: expected a number, a symbol or `(`.',
    zh: '第 {column} 列出现意外的 `{token}`：此处应为数、符号或 `(`。',
  },
  unexpectedEnd: {
    en: 'The expression ends too early at column {column}: expected a number, a symbol or `(` after `{after}`.',
    zh: '表达式在第 {column} 列过早结束：`{after}` 之后应为数、符号或 `(`。',
  },
  missingOperator: {
    en: 'Expected an operator between `{left}` and `{right}` at column {column} (write `*` for a product, e.g. `2*x`).',
    zh: '第 {column} 列在 `{left}` 与 `{right}` 之间缺少运算符（乘积请写 `*`，例如 `2*x`）。',
  },
  unexpectedComma: {
    en: 'Unexpected `,` at column {column}: commas only separate the arguments of a function.',
    zh: '第 {column} 列出现意外的 `,`：逗号只用于分隔函数的参数。',
  },
  unknownSymbol: { en: 'Unknown symbol `{name}` at column {column}', zh: '第 {column} 列的符号 `{name}` 未定义' },
  unknownFunction: { en: 'Unknown function `{name}` at column {column}', zh: '第 {column} 列的函数 `{name}` 未定义' },
  notAFunction: {
    en: '`{name}` at column {column} is a symbol, not a function; use `*` for a product.',
    zh: '第 {column} 列的 `{name}` 是符号而不是函数；乘积请写 `*`。',
  },
  functionWithoutCall: {
    en: '`{name}` at column {column} is a function: write `{name}(…)`.',
    zh: '第 {column} 列的 `{name}` 是函数：请写成 `{name}(…)`。',
  },
  arity: {
    en: '`{name}` at column {column} takes {expected} argument(s), but got {got}.',
    zh: '第 {column} 列的 `{name}` 需要 {expected} 个参数，但给了 {got} 个。',
  },
  shapeMatmul: {
    en: 'You multiplied a {a} by a {b} (in `{snippet}`, column {column}): the inner sizes {n} and {p} must agree.',
    zh: '你把 {a} 矩阵与 {b} 矩阵相乘（在 `{snippet}` 中，第 {column} 列）：内侧的维数 {n} 与 {p} 必须相等。',
  },
  shapeMatmulElementwiseHint: {
    en: 'For an elementwise product use `.*`.',
    zh: '逐元素乘积请用 `.*`。',
  },
  shapeAdd: {
    en: 'You added a {a} and a {b} (in `{snippet}`, column {column}); only equal shapes, or a scalar, can be added.',
    zh: '你把 {a} 与 {b} 相加（在 `{snippet}` 中，第 {column} 列）；只有形状相同的矩阵（或标量）才能相加。',
  },
  shapeSubtract: {
    en: 'You subtracted a {b} from a {a} (in `{snippet}`, column {column}); only equal shapes, or a scalar, can be subtracted.',
    zh: '你从 {a} 中减去 {b}（在 `{snippet}` 中，第 {column} 列）；只有形状相同的矩阵（或标量）才能相减。',
  },
  shapeElementwise: {
    en: '`{op}` needs operands of the same shape, but got a {a} and a {b} (in `{snippet}`, column {column}).',
    zh: '`{op}` 需要形状相同的两个操作数，但得到的是 {a} 与 {b}（在 `{snippet}` 中，第 {column} 列）。',
  },
  shapeFunction: {
    en: '`{name}` needs arguments of the same shape (or scalars), but got a {a} and a {b} (in `{snippet}`, column {column}).',
    zh: '`{name}` 的参数需要形状相同（或为标量），但得到的是 {a} 与 {b}（在 `{snippet}` 中，第 {column} 列）。',
  },
  matrixDivide: {
    en: '`/` divides by a scalar only, but the divisor is a {b} (in `{snippet}`, column {column}); use `./` for elementwise division.',
    zh: '`/` 只能除以标量，但除数是 {b}（在 `{snippet}` 中，第 {column} 列）；逐元素除法请用 `./`。',
  },
  matrixPower: {
    en: '`^` raises a scalar to a scalar power, but got a {a} and a {b} (in `{snippet}`, column {column}); use `.^` for elementwise powers and `^T` for a transpose.',
    zh: '`^` 只用于标量的幂，但得到的是 {a} 与 {b}（在 `{snippet}` 中，第 {column} 列）；逐元素的幂请用 `.^`，转置请用 `^T`。',
  },
  diagVector: {
    en: '`diag` expects a vector, but got a {a} (in `{snippet}`, column {column}).',
    zh: '`diag` 需要一个向量，但得到的是 {a}（在 `{snippet}` 中，第 {column} 列）。',
  },
  sizeArgument: {
    en: '`{name}` needs whole-number sizes such as `3` or a dimension of the question (in `{snippet}`, column {column}).',
    zh: '`{name}` 需要整数尺寸，例如 `3` 或题目中的维数（在 `{snippet}` 中，第 {column} 列）。',
  },
  tooLarge: {
    en: '`{snippet}` at column {column} would be a {a} matrix; each size is limited to {max}.',
    zh: '第 {column} 列的 `{snippet}` 将是 {a} 矩阵；每个维数最多为 {max}。',
  },
  tooExpensive: {
    en: 'The expression needs too much computation to evaluate; simplify it.',
    zh: '表达式的计算量过大，请化简。',
  },
  divisionByZero: {
    en: 'Division by zero in `{snippet}` (column {column}){at}.',
    zh: '{at}`{snippet}`（第 {column} 列）出现除以零。',
  },
  notFinite: {
    en: '`{snippet}` (column {column}) is not a finite number{at}.',
    zh: '{at}`{snippet}`（第 {column} 列）不是有限的数。',
  },
} as const satisfies Record<string, LocalizedText>;

export type ExprErrorCode = keyof typeof MESSAGES;

export function message(code: ExprErrorCode, params: Record<string, string | number> = {}): LocalizedText {
  return fill(MESSAGES[code], params);
}

/** A problem with a typed expression: what (in both languages) and where (0-based offsets). */
export class ExprError extends Error {
  readonly code: ExprErrorCode;
  readonly text: LocalizedText;
  readonly start: number | undefined;
  readonly end: number | undefined;

  constructor(code: ExprErrorCode, text: LocalizedText, span?: { start: number; end: number }) {
    super(text.en.replace('{at}', ''));
    this.name = 'ExprError';
    this.code = code;
    this.text = text;
    this.start = span?.start;
    this.end = span?.end;
  }

  /** 1-based column of the problem, when it is about one place in the input. */
  get column(): number | undefined {
    return this.start === undefined ? undefined : this.start + 1;
  }
}

/** Builds an error whose message gets `{column}` from the span. */
export function exprError(code: ExprErrorCode, params: Record<string, string | number>, span?: { start: number; end: number }): ExprError {
  const withColumn = span ? { column: span.start + 1, ...params } : params;
  return new ExprError(code, message(code, withColumn), span);
}

/** Says where a value stopped being finite: `{at}` becomes " at x = 0.5" (or nothing). */
export function atPoint(err: ExprError, point?: LocalizedText): LocalizedText {
  const at = point ? { en: ` at ${point.en}`, zh: `在 ${point.zh} 处，` } : { en: '', zh: '' };
  return { en: err.text.en.replace('{at}', at.en), zh: err.text.zh.replace('{at}', at.zh) };
}
