/**
 * Hard limits on what a typed expression may cost. Answers are short formulas; these bounds keep
 * hostile input (huge strings, deep nesting, giant matrices) from costing more than a millisecond.
 */
export const LIMITS = {
  /** characters in one expression */
  maxLength: 500,
  /** nested parentheses, unary signs and powers */
  maxDepth: 50,
  /** AST nodes in one expression */
  maxNodes: 300,
  /** rows or columns of any intermediate matrix */
  maxSize: 64,
  /** multiply-adds for one evaluation, estimated from the shapes before evaluating */
  maxFlops: 200_000,
} as const;
