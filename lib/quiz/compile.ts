import { BUILTINS, compile, ExprError, isReserved, names, SCALAR, type Node, type Scope, type Shape } from './expr';
import type { FormulaQuestion, Question, Text } from './schema';

/**
 * A question with its formulas parsed and its names resolved, built once per question object and
 * cached. Authors' formulas (answers, derived values, requirements, catalogued mistakes) see the
 * params and derived values; students see only the variables, symbols and functions the question
 * declares.
 */
export interface CompiledFormula {
  source: string;
  ast: Node;
  shape: Shape;
}

export interface CompiledWrong {
  source: string;
  feedback?: Text;
  /** Missing when the mistake is a shape error (a legitimate catalogued mistake for matrices). */
  formula?: CompiledFormula;
}

export interface CompiledQuestion {
  params: string[];
  derived: (CompiledFormula & { name: string })[];
  require: CompiledFormula[];
  /** What the student may use (formula questions; empty for the others). */
  studentScope: Scope;
  /** studentScope plus params and derived values. */
  authorScope: Scope;
  reference?: CompiledFormula;
  wrong: CompiledWrong[];
}

export interface Issue {
  path: (string | number)[];
  message: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

const cache = new WeakMap<Question, { compiled?: CompiledQuestion; issues: Issue[] }>();

/** Compiles a question, or lists what is wrong with it (paths relative to the question). */
export function compileQuestion(q: Question): { compiled?: CompiledQuestion; issues: Issue[] } {
  const cached = cache.get(q);
  if (cached) return cached;
  const result = build(q);
  cache.set(q, result);
  return result;
}

/** A question that cannot be graded: a content problem, which the loader and validation report. */
export class BrokenQuestionError extends Error {
  override name = 'BrokenQuestionError';
}

/** The compiled question; throws BrokenQuestionError when the question is invalid. */
export function compiled(q: Question): CompiledQuestion {
  const { compiled: c, issues } = compileQuestion(q);
  if (!c) throw new BrokenQuestionError(`question ${q.id} is invalid: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return c;
}

function build(q: Question): { compiled?: CompiledQuestion; issues: Issue[] } {
  const issues: Issue[] = [];
  const taken = new Map<string, string>();
  const declare = (name: string, path: (string | number)[], what: string) => {
    if (!NAME.test(name)) issues.push({ path, message: `"${name}" is not a valid name: use letters, digits and _, starting with a letter` });
    else if (isReserved(name)) issues.push({ path, message: `"${name}" is a built-in name; choose another` });
    else if (taken.has(name)) issues.push({ path, message: `"${name}" is already declared as ${taken.get(name)}` });
    taken.set(name, what);
  };

  // Student-visible names first, so a param may not shadow a symbol.
  const studentScope = formulaScope(q, declare, issues);

  const params = Object.keys(q.params ?? {});
  params.forEach((name) => declare(name, ['params', name], 'a parameter'));
  const authorSymbols = new Map(studentScope.symbols);
  for (const name of params) authorSymbols.set(name, SCALAR);

  const formula = (source: string, scope: Scope, path: (string | number)[], allowShapeErrors = false): CompiledFormula | undefined => {
    try {
      return { source, ...compile(source, scope) };
    } catch (err) {
      if (!(err instanceof ExprError)) throw err;
      if (allowShapeErrors && isShapeError(err)) return undefined;
      issues.push({ path, message: err.message });
      return undefined;
    }
  };
  const scalarFormula = (source: string, scope: Scope, path: (string | number)[]) => {
    const f = formula(source, scope, path);
    if (f && (f.shape.rows !== 1 || f.shape.cols !== 1)) issues.push({ path, message: `must be a number, but it is a ${f.shape.rows}×${f.shape.cols} matrix` });
    return f;
  };

  const derived: CompiledQuestion['derived'] = [];
  for (const [name, source] of Object.entries(q.derived ?? {})) {
    declare(name, ['derived', name], 'a derived value');
    const scope = { ...studentScope, symbols: new Map(authorSymbols), strict: true };
    const f = scalarFormula(source, scope, ['derived', name]);
    if (f) derived.push({ name, ...f });
    authorSymbols.set(name, SCALAR);
  }
  const authorScope: Scope = { ...studentScope, symbols: authorSymbols };

  const require: CompiledFormula[] = [];
  (q.require ?? []).forEach((source, i) => {
    const f = scalarFormula(source, authorScope, ['require', i]);
    if (f) require.push(f);
  });

  let reference: CompiledFormula | undefined;
  const wrong: CompiledWrong[] = [];
  if (q.type === 'numeric' || q.type === 'expression' || q.type === 'matrix') {
    const answer = typeof q.answer === 'number' ? String(q.answer) : q.answer;
    reference = q.type === 'matrix' ? formula(answer, authorScope, ['answer']) : scalarFormula(answer, authorScope, ['answer']);
    q.wrongAnswers.forEach((w, i) => {
      const source = typeof w === 'string' ? w : w.answer;
      const feedback = typeof w === 'string' ? undefined : w.feedback;
      const path = typeof w === 'string' ? ['wrongAnswers', i] : ['wrongAnswers', i, 'answer'];
      const f = formula(source, authorScope, path, q.type === 'matrix');
      if (f || q.type === 'matrix') wrong.push({ source, feedback, formula: f });
    });
  }
  if (q.type === 'expression' || q.type === 'matrix') {
    q.mustUse.forEach((name, i) => {
      if (!BUILTINS.has(name) && !studentScope.functions.has(name) && !studentScope.symbols.has(name)) {
        issues.push({ path: ['mustUse', i], message: `"${name}" is neither a built-in function nor declared by this question` });
      } else if (reference && !mentions(reference.ast, name)) {
        issues.push({ path: ['mustUse', i], message: `the reference answer does not use "${name}"` });
      }
    });
  }

  if (issues.length > 0) return { issues };
  return { compiled: { params, derived, require, studentScope, authorScope, reference, wrong }, issues };
}

function formulaScope(q: Question, declare: (name: string, path: (string | number)[], what: string) => void, issues: Issue[]): Scope {
  const scope = { symbols: new Map<string, Shape>(), functions: new Set<string>(), dims: new Map<string, number>(), strict: true };
  if (q.type !== 'expression' && q.type !== 'matrix') return scope;
  for (const name of Object.keys(q.functions)) {
    declare(name, ['functions', name], 'a function');
    scope.functions.add(name);
  }
  if (q.type === 'expression') {
    for (const [name, v] of Object.entries(q.variables)) {
      declare(name, ['variables', name], 'a variable');
      if (!(v.min < v.max)) issues.push({ path: ['variables', name], message: 'min must be below max' });
      scope.symbols.set(name, SCALAR);
    }
    if (Object.keys(q.variables).length === 0) issues.push({ path: ['variables'], message: 'declare at least one variable' });
    return scope;
  }
  const sizes = new Map<number, string>();
  for (const [name, size] of Object.entries(q.dims)) {
    declare(name, ['dims', name], 'a dimension');
    if (sizes.has(size)) issues.push({ path: ['dims', name], message: `size ${size} is also the size of ${sizes.get(size)}; give every dimension a different size so a transposition is a shape error` });
    sizes.set(size, name);
    scope.dims.set(name, size);
  }
  for (const [name, s] of Object.entries(q.symbols)) {
    declare(name, ['symbols', name], 'a symbol');
    const resolve = (d: string | number, i: number): number => {
      if (typeof d === 'number') return d;
      const size = q.dims[d];
      if (size === undefined || !Object.hasOwn(q.dims, d)) {
        issues.push({ path: ['symbols', name, 'shape', i], message: `unknown dimension "${d}"; declare it under dims` });
        return 1;
      }
      return size;
    };
    if (!(s.min < s.max)) issues.push({ path: ['symbols', name], message: 'min must be below max' });
    const shape = { rows: resolve(s.shape[0], 0), cols: resolve(s.shape[1], 1) };
    const domain = s.domain ?? 'real';
    const isVector = (shape.rows === 1) !== (shape.cols === 1);
    if ((domain === 'one-hot' || domain === 'probability') && !isVector)
      issues.push({ path: ['symbols', name, 'domain'], message: `a ${domain} symbol must be a vector ([n, 1] or [1, n] with n ≥ 2)` });
    if (domain === 'symmetric' && shape.rows !== shape.cols) issues.push({ path: ['symbols', name, 'domain'], message: 'a symmetric symbol must be a square matrix' });
    if (domain === 'positive' && !(s.min > 0)) issues.push({ path: ['symbols', name, 'min'], message: 'a positive symbol needs min > 0' });
    scope.symbols.set(name, shape);
  }
  return scope;
}

function isShapeError(err: ExprError): boolean {
  return ['shapeMatmul', 'shapeAdd', 'shapeSubtract', 'shapeElementwise', 'shapeFunction', 'matrixDivide', 'matrixPower', 'diagVector'].includes(err.code);
}

function mentions(ast: Node, name: string): boolean {
  const used = names(ast);
  return used.symbols.has(name) || used.functions.has(name);
}

/** The question's formula type, when it has one. */
export function isFormula(q: Question): q is FormulaQuestion {
  return q.type === 'expression' || q.type === 'matrix';
}
