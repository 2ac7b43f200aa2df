import { createHash } from 'node:crypto';
import ts from 'typescript';

/**
 * Mutants of a reference solution, made over the TypeScript AST (the `typescript` package the
 * project already has). Each mutant is a whole source text with one small edit, so it is graded
 * exactly as a student's file is: transpiled and run in the sandbox by the real pool. (Stryker's
 * instrumenter writes every mutant into one file behind a global switch; that switch would have to
 * be smuggled into the sandbox and the harness, so the graded code would not be the student path.)
 *
 * Operators: arithmetic, relational (incl. boundaries), equality, logical and compound-assignment
 * operators; numeric constants (0 ↔ 1, n → n ± 1, also array indices); dropped terms (a ∘ b → a,
 * a ∘ b → b); unary minus and logical not removed; swapped call arguments; Math.max ↔ Math.min,
 * floor/ceil/round; booleans flipped; copies replaced by aliases (x.slice(), [...x],
 * Array.from(x), x.map(v => v) → x).
 */

/** Bump when the set of mutants changes: the committed reports are then stale. */
export const MUTATOR_VERSION = 2;

export interface Mutant {
  /** Stable id: hash of operator, original line, edited snippet and its replacement. */
  id: string;
  operator: string;
  line: number;
  original: string;
  replacement: string;
  /** The whole mutated source. */
  code: string;
}

interface Edit {
  operator: string;
  start: number;
  end: number;
  replacement: string;
}

const K = ts.SyntaxKind;
const BINARY_SWAPS: Partial<Record<ts.SyntaxKind, ts.SyntaxKind[]>> = {
  [K.PlusToken]: [K.MinusToken],
  [K.MinusToken]: [K.PlusToken],
  [K.AsteriskToken]: [K.SlashToken],
  [K.SlashToken]: [K.AsteriskToken],
  [K.AsteriskAsteriskToken]: [K.AsteriskToken],
  [K.PercentToken]: [K.AsteriskToken],
  [K.LessThanToken]: [K.LessThanEqualsToken, K.GreaterThanToken],
  [K.LessThanEqualsToken]: [K.LessThanToken, K.GreaterThanToken],
  [K.GreaterThanToken]: [K.GreaterThanEqualsToken, K.LessThanToken],
  [K.GreaterThanEqualsToken]: [K.GreaterThanToken, K.LessThanToken],
  [K.EqualsEqualsEqualsToken]: [K.ExclamationEqualsEqualsToken],
  [K.ExclamationEqualsEqualsToken]: [K.EqualsEqualsEqualsToken],
  [K.AmpersandAmpersandToken]: [K.BarBarToken],
  [K.BarBarToken]: [K.AmpersandAmpersandToken],
  [K.QuestionQuestionToken]: [K.BarBarToken],
  [K.PlusEqualsToken]: [K.MinusEqualsToken, K.EqualsToken],
  [K.MinusEqualsToken]: [K.PlusEqualsToken, K.EqualsToken],
  [K.AsteriskEqualsToken]: [K.SlashEqualsToken, K.EqualsToken],
  [K.SlashEqualsToken]: [K.AsteriskEqualsToken, K.EqualsToken],
};
/** Operators whose operands are terms that a student may drop. */
const DROPPABLE = new Set<ts.SyntaxKind>([K.PlusToken, K.MinusToken, K.AsteriskToken, K.SlashToken, K.AmpersandAmpersandToken, K.BarBarToken]);
const MATH_SWAPS: Record<string, string[]> = { max: ['min'], min: ['max'], floor: ['ceil'], ceil: ['floor'], round: ['floor'], exp: ['log'], log: ['exp'], abs: [''] };

function edits(sf: ts.SourceFile): Edit[] {
  const out: Edit[] = [];
  const text = sf.text;
  const src = (n: ts.Node) => text.slice(n.getStart(sf), n.end);
  const replace = (operator: string, n: ts.Node, replacement: string) => out.push({ operator, start: n.getStart(sf), end: n.end, replacement });

  const visit = (node: ts.Node): void => {
    // Types, imports and declarations of shapes carry no behaviour.
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return;

    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      for (const to of BINARY_SWAPS[op] ?? []) replace('operator', node.operatorToken, ts.tokenToString(to)!);
      if (DROPPABLE.has(op)) {
        replace('drop-right', node, src(node.left));
        if (op !== K.MinusToken && op !== K.SlashToken) replace('drop-left', node, src(node.right));
        else if (op === K.MinusToken) replace('drop-left', node, `-(${src(node.right)})`);
      }
    }
    if (ts.isPrefixUnaryExpression(node)) {
      if (node.operator === K.MinusToken || node.operator === K.ExclamationToken) replace('unary', node, src(node.operand));
      if (node.operator === K.PlusPlusToken) replace('update', node, `--${src(node.operand)}`);
      if (node.operator === K.MinusMinusToken) replace('update', node, `++${src(node.operand)}`);
    }
    if (ts.isPostfixUnaryExpression(node)) {
      if (node.operator === K.PlusPlusToken) replace('update', node, `${src(node.operand)}--`);
      if (node.operator === K.MinusMinusToken) replace('update', node, `${src(node.operand)}++`);
    }
    if (ts.isNumericLiteral(node)) {
      const v = Number(node.text);
      const alternatives = new Set<number>(v === 0 ? [1] : v === 1 ? [0, 2] : Number.isInteger(v) ? [v + 1, v - 1] : [v * 2, v / 2]);
      for (const a of alternatives) replace('constant', node, String(a));
    }
    if (node.kind === K.TrueKeyword) replace('boolean', node, 'false');
    if (node.kind === K.FalseKeyword) replace('boolean', node, 'true');
    if (ts.isConditionalExpression(node)) {
      replace('conditional', node, `(${src(node.whenTrue)})`);
      replace('conditional', node, `(${src(node.whenFalse)})`);
    }
    if (ts.isIfStatement(node)) {
      replace('condition', node.expression, 'true');
      replace('condition', node.expression, 'false');
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const args = node.arguments;
      if (args.length >= 2 && !args.some(ts.isSpreadElement)) {
        const [a, b] = [args[0]!, args[1]!];
        if (src(a) !== src(b)) out.push({ operator: 'swap-arguments', start: a.getStart(sf), end: b.end, replacement: `${src(b)}, ${src(a)}` });
      }
      if (ts.isPropertyAccessExpression(callee)) {
        const name = callee.name.text;
        if (ts.isIdentifier(callee.expression) && callee.expression.text === 'Math') {
          for (const to of MATH_SWAPS[name] ?? []) {
            if (to === '') replace('math', node, `(${args.map(src).join(', ')})`);
            else replace('math', callee.name, to);
          }
        }
        // A copy replaced by the array itself: the aliasing a statement that asks for new arrays forbids.
        const identityMap = name === 'map' && args.length === 1 && isIdentityFn(args[0]!);
        if ((name === 'slice' && args.length === 0) || identityMap || (name === 'concat' && args.length === 0)) replace('alias', node, src(callee.expression));
        if (name === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array' && args.length === 1) replace('alias', node, src(args[0]!));
      }
    }
    if (ts.isArrayLiteralExpression(node) && node.elements.length === 1 && ts.isSpreadElement(node.elements[0]!)) {
      replace('alias', node, src(node.elements[0].expression));
    }
    if (ts.isElementAccessExpression(node) && !ts.isNumericLiteral(node.argumentExpression)) {
      const arg = node.argumentExpression;
      replace('index', arg, `${src(arg)} + 1`);
      replace('index', arg, `${src(arg)} - 1`);
    }
    if (ts.isReturnStatement(node) && node.expression && ts.isArrayLiteralExpression(node.expression) && node.expression.elements.length === 2) {
      const [a, b] = node.expression.elements as unknown as [ts.Expression, ts.Expression];
      out.push({ operator: 'swap-arguments', start: a.getStart(sf), end: b.end, replacement: `${src(b)}, ${src(a)}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function isIdentityFn(n: ts.Node): boolean {
  if (!ts.isArrowFunction(n) || n.parameters.length !== 1) return false;
  const p = n.parameters[0]!.name;
  return ts.isIdentifier(p) && ts.isIdentifier(n.body) && n.body.text === p.text;
}

export function mutants(code: string, fileName = 'solution.ts'): Mutant[] {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lines = code.split('\n');
  const seen = new Set<string>();
  const out: Mutant[] = [];
  for (const e of edits(sf)) {
    const mutated = code.slice(0, e.start) + e.replacement + code.slice(e.end);
    if (mutated === code || seen.has(mutated)) continue;
    seen.add(mutated);
    const line = sf.getLineAndCharacterOfPosition(e.start).line + 1;
    const original = code.slice(e.start, e.end);
    const id = createHash('sha256')
      .update([e.operator, lines[line - 1]!.trim(), original, e.replacement].join('\u0000'))
      .digest('hex')
      .slice(0, 10);
    out.push({ id, operator: e.operator, line, original, replacement: e.replacement, code: mutated });
  }
  // Two identical edits on one line share an id: number the later ones so ids stay unique.
  const count = new Map<string, number>();
  for (const m of out) {
    const n = count.get(m.id) ?? 0;
    count.set(m.id, n + 1);
    if (n > 0) m.id = `${m.id}-${n}`;
  }
  return out;
}

/** A one-line diff for reports: `L12: a + b  →  a - b`. */
export function describeMutant(m: Mutant, source: string): string {
  const before = source.split('\n')[m.line - 1]!.trim();
  const after = m.code.split('\n')[m.line - 1]!.trim();
  return `L${m.line} [${m.operator}] ${one(m.original)} → ${one(m.replacement)}\n    - ${before}\n    + ${after}`;
}
const one = (s: string) => (s.length > 60 ? `${s.slice(0, 57).replace(/\s+/g, ' ')}…` : s.replace(/\s+/g, ' '));
