/**
 * The quiz expression language: tokenizer, parser, shape analysis, evaluator and LaTeX preview.
 * Pure TypeScript with no Node imports, so the browser can run the same parser as the grader
 * for the live preview. Nothing here ever calls `eval` or `Function`.
 */
import { analyze, LOOSE_SCOPE, type Scope } from './analyze';
import type { Node } from './ast';
import { ExprError } from './errors';
import { parse } from './parser';
import { isUnreadable } from './readable';
import { isScalar, type Shape } from './shape';
import { toTex, type TexNames } from './tex';
import { pick, type Locale } from './text';

export { analyze, constantSize, LOOSE_SCOPE, type Scope } from './analyze';
export { children, names, snippet, type Node, type Span } from './ast';
export { BUILTINS, CONSTANTS, isReserved } from './builtins';
export { atPoint, ExprError, exprError, message, type ExprErrorCode } from './errors';
export { allFinite, evaluate, isMatrix, matrix, scalarOf, toArray, type Env, type Matrix, type Value } from './evaluate';
export { LIMITS } from './limits';
export { parse } from './parser';
export { decimalCommaProblem, formulaProblem, isUnreadable, numberProblem, UNREADABLE_CODES, type ReadProblem } from './readable';
export { formatShape, isScalar, sameShape, SCALAR, type Shape } from './shape';
export { suggest } from './suggest';
export { toSource } from './source';
export { identifierTex, toTex, type TexNames } from './tex';
export { fill, join, pick, type Locale, type LocalizedText } from './text';

/** What a question tells the browser about its symbols: enough to preview, nothing about the answer. */
export interface ExprContext {
  symbols?: { name: string; tex?: string; shape?: [number, number] }[];
  functions?: { name: string; tex?: string }[];
  dims?: { name: string; size: number }[];
}

export function scopeFromContext(context?: ExprContext): Scope {
  if (!context) return LOOSE_SCOPE;
  return {
    symbols: new Map((context.symbols ?? []).map((s) => [s.name, { rows: s.shape?.[0] ?? 1, cols: s.shape?.[1] ?? 1 }])),
    functions: new Set((context.functions ?? []).map((f) => f.name)),
    dims: new Map((context.dims ?? []).map((d) => [d.name, d.size])),
    strict: true,
  };
}

export function texNamesFromContext(context?: ExprContext): TexNames {
  const pairs = (list: { name: string; tex?: string }[] = []) =>
    new Map(list.filter((x): x is { name: string; tex: string } => typeof x.tex === 'string').map((x) => [x.name, x.tex]));
  return { symbols: pairs(context?.symbols), functions: pairs(context?.functions) };
}

/** Parses and analyses in one step; throws ExprError. */
export function compile(source: string, scope: Scope): { ast: Node; shape: Shape } {
  const ast = parse(source);
  return { ast, shape: analyze(ast, source, scope) };
}

/**
 * `unreadable`: the grader would not read this answer at all (a syntax error, an unknown name), so
 * the page must not submit it; otherwise the problem is a mathematical mistake that is graded.
 */
export type PreviewResult = { tex: string; shape?: [number, number] } | { error: string; column?: number; unreadable: boolean };

/**
 * The live preview under an answer box: LaTeX for KaTeX, or the first problem with its column.
 * With a question's context, unknown symbols and shape mistakes are reported as the grader would;
 * without one, only the syntax is checked.
 */
export function previewExpression(text: string, context?: ExprContext, locale: Locale = 'en'): PreviewResult {
  try {
    const scope = scopeFromContext(context);
    const { ast, shape } = compile(text, scope);
    const tex = toTex(ast, texNamesFromContext(context));
    const hasMatrices = (context?.symbols ?? []).some((s) => s.shape && !(s.shape[0] === 1 && s.shape[1] === 1));
    return hasMatrices && !isScalar(shape) ? { tex, shape: [shape.rows, shape.cols] } : { tex };
  } catch (err) {
    if (err instanceof ExprError) {
      const unreadable = isUnreadable(err.code);
      return err.column === undefined ? { error: pick(err.text, locale), unreadable } : { error: pick(err.text, locale), column: err.column, unreadable };
    }
    throw err;
  }
}
