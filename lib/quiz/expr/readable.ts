import { ExprError, type ExprErrorCode } from './errors';
import { evaluate, scalarOf } from './evaluate';
import { analyze, type Scope } from './analyze';
import { parse } from './parser';
import type { LocalizedText } from './text';

/**
 * Which problems make an answer unreadable rather than wrong. An unreadable answer ("1/", "0,25",
 * "yhat - y)", an unknown name) is never graded: the page asks the student to fix it and the
 * server refuses to record an attempt holding one, as PrairieLearn does with an invalid format.
 * A readable answer with a mathematical mistake (a shape error, a division by zero) is graded.
 * No Node imports: the browser runs this before Submit, the server again before recording.
 */
export const UNREADABLE_CODES: ReadonlySet<ExprErrorCode | 'decimalComma'> = new Set([
  'empty',
  'tooLong',
  'tooDeep',
  'tooManyNodes',
  'badChar',
  'equalsSign',
  'brackets',
  'badNumber',
  'expectedClose',
  'unexpectedClose',
  'unexpectedToken',
  'unexpectedEnd',
  'missingOperator',
  'unexpectedComma',
  'unknownSymbol',
  'unknownFunction',
  'notAFunction',
  'functionWithoutCall',
  'arity',
  'decimalComma',
]);

export interface ReadProblem {
  code: string;
  message: LocalizedText;
  /** 1-based column in the typed text, when the problem is at one place. */
  column?: number;
}

export function isUnreadable(code: string): boolean {
  return UNREADABLE_CODES.has(code as ExprErrorCode);
}

const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

/** `0,25` typed with a decimal comma: the same advice in the preview and in the refusal. */
export function decimalCommaProblem(text: string): ReadProblem | undefined {
  const trimmed = text.trim();
  if (!DECIMAL_COMMA.test(trimmed)) return undefined;
  const fixed = trimmed.replace(',', '.');
  return { code: 'decimalComma', message: { en: `Use a decimal point: write \`${fixed}\`.`, zh: `请使用小数点：写成 \`${fixed}\`。` } };
}

const NUMBER_SCOPE: Scope = { symbols: new Map(), functions: new Set(), dims: new Map(), strict: true };

/** Why a numeric answer cannot be read, or undefined when it can (even if it is wrong or 1/0). */
export function numberProblem(text: string): ReadProblem | undefined {
  const comma = decimalCommaProblem(text);
  if (comma) return comma;
  try {
    const ast = parse(text);
    analyze(ast, text, NUMBER_SCOPE);
    scalarOf(evaluate(ast, text, { values: new Map(), functions: new Map(), dims: new Map() }));
    return undefined;
  } catch (err) {
    return readProblemOf(err);
  }
}

/** Why a formula cannot be read with these names, or undefined (shape mistakes are readable). */
export function formulaProblem(text: string, scope: Scope): ReadProblem | undefined {
  try {
    analyze(parse(text), text, scope);
    return undefined;
  } catch (err) {
    return readProblemOf(err);
  }
}

function readProblemOf(err: unknown): ReadProblem | undefined {
  if (!(err instanceof ExprError)) throw err;
  if (!isUnreadable(err.code)) return undefined;
  return err.column === undefined ? { code: err.code, message: err.text } : { code: err.code, message: err.text, column: err.column };
}
