import { BrokenQuestionError, compiled, type CompiledFormula } from './compile';
import {
  atPoint,
  compile,
  evaluate,
  ExprError,
  formatShape,
  isMatrix,
  isScalar,
  matrix,
  names,
  sameShape,
  scalarOf,
  toTex,
  type Env,
  type LocalizedText,
  type Scope,
  type Shape,
  type TexNames,
  type Value,
} from './expr';
import { say } from './messages';
import { presentOptions } from './options';
import { drawParams, formatNumber, interpolate } from './params';
import { createRandom, type Random } from './random';
import type { ChoiceQuestion, FormulaQuestion, NumericQuestion, Question, SymbolDomain, Text, Tolerance } from './schema';

export interface GradeDetails {
  type: Question['type'];
  /** Choice questions: the tokens chosen and the tally behind the score. */
  chosen?: string[];
  correctChosen?: number;
  wrongChosen?: number;
  totalCorrect?: number;
  /** Numeric questions: the value the answer was read as. */
  value?: number;
  /** Formula questions: the answer as LaTeX, and its shape for matrix questions. */
  tex?: string;
  shape?: [number, number];
  /** A problem with the answer itself; `column` (1-based) points into the typed text. */
  error?: { code: string; column?: number };
  /** Index into the question's wrongAnswers when the answer is that catalogued mistake. */
  mistake?: number;
  /** The answer did not have the form the question takes (e.g. a number for a choice). */
  invalid?: boolean;
  /** The question itself could not be graded: a content problem, never the student's fault. */
  broken?: boolean;
}

export interface QuestionGrade {
  /** In [0, 1]. */
  score: number;
  correct: boolean;
  message: LocalizedText;
  details: GradeDetails;
  /** The author's explanation, for the page to show when its policy allows (e.g. after the last attempt). */
  explanation?: LocalizedText;
}

/**
 * Grades one answer to one question for one student. `seed` identifies the student (and quiz); the
 * same seed draws the same numbers and options as `instantiateQuestion` showed. Never throws: a
 * malformed or hostile answer scores 0 with a message, and a broken question says so.
 */
export function gradeQuestion(q: Question, seed: string, answer: unknown): QuestionGrade {
  try {
    const params = drawParams(q, seed);
    const grade = gradeWith(q, seed, answer, params);
    const explanation = q.explanation ? localizedInterpolate(q.explanation, params) : undefined;
    return explanation ? { ...grade, explanation } : grade;
  } catch (err) {
    if (err instanceof BrokenQuestionError) {
      return { score: 0, correct: false, message: say('brokenQuestion'), details: { type: q.type, broken: true } };
    }
    throw err;
  }
}

function gradeWith(q: Question, seed: string, answer: unknown, params: Map<string, number>): QuestionGrade {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return gradeChoice(q, seed, answer, params);
    case 'numeric':
      return gradeNumeric(q, answer, params);
    case 'expression':
    case 'matrix':
      if (typeof answer !== 'string') return invalid(q, say('expectFormula'));
      return gradeFormula(q, seed, answer, compiled(q).studentScope, params);
  }
}

function invalid(q: Question, expected: LocalizedText): QuestionGrade {
  return { score: 0, correct: false, message: say('invalidAnswer', { expected }), details: { type: q.type, invalid: true } };
}

function localizedInterpolate(text: Text, params: ReadonlyMap<string, number>): LocalizedText {
  return { en: interpolate(text.en, params), zh: interpolate(text.zh, params) };
}

function sentences(parts: (LocalizedText | undefined)[]): LocalizedText {
  const present = parts.filter((p): p is LocalizedText => p !== undefined);
  return { en: present.map((p) => p.en).join(' '), zh: present.map((p) => p.zh).join('') };
}

// ——— choice ———

function gradeChoice(q: ChoiceQuestion, seed: string, answer: unknown, params: Map<string, number>): QuestionGrade {
  const raw = typeof answer === 'string' ? [answer] : answer;
  if (!Array.isArray(raw) || raw.length > q.options.length * 2 || !raw.every((x) => typeof x === 'string' && x.length <= 64)) {
    return invalid(q, say(q.type === 'single' ? 'expectOption' : 'expectOptions'));
  }
  const chosenTokens = [...new Set(raw as string[])];
  const presented = presentOptions(q, seed);
  const byToken = new Map(presented.map((p) => [p.token, p.option]));
  const unknown = chosenTokens.find((t) => !byToken.has(t));
  if (unknown !== undefined) {
    return { score: 0, correct: false, message: say('unknownOption', { id: unknown.slice(0, 64) }), details: { type: q.type, invalid: true } };
  }
  // Feedback in the order the student saw the options.
  const chosen = presented.filter((p) => chosenTokens.includes(p.token));
  const feedback = chosen.map((p) => (p.option.feedback ? localizedInterpolate(p.option.feedback, params) : undefined));
  const correctIds = new Set(q.type === 'single' ? [q.correct] : q.correct);
  const correctChosen = chosen.filter((p) => correctIds.has(p.option.id)).length;
  const wrongChosen = chosen.length - correctChosen;
  const details: GradeDetails = { type: q.type, chosen: chosen.map((p) => p.token), correctChosen, wrongChosen, totalCorrect: correctIds.size };

  if (q.type === 'single') {
    if (chosen.length !== 1) return { score: 0, correct: false, message: say('chooseOne'), details: { ...details, invalid: chosen.length > 1 } };
    const score = correctChosen === 1 ? 1 : 0;
    return { score, correct: score === 1, message: sentences([say(score === 1 ? 'correct' : 'incorrect'), ...feedback]), details };
  }
  if (chosen.length === 0) return { score: 0, correct: false, message: say('chooseNone'), details };
  const score = Math.max(0, (correctChosen - wrongChosen) / correctIds.size);
  const correct = correctChosen === correctIds.size && wrongChosen === 0;
  const verdict = correct ? say('correct') : say('multipleScore', { right: correctChosen, total: correctIds.size, wrong: wrongChosen });
  return { score, correct, message: sentences([verdict, ...feedback]), details };
}

// ——— numeric ———

const NUMBER_SCOPE: Scope = { symbols: new Map(), functions: new Set(), dims: new Map(), strict: true };
const NO_ENV: Env = { values: new Map(), functions: new Map(), dims: new Map() };

function within(expected: number, got: number, tol: Tolerance, factor = 1): boolean {
  const d = Math.abs(got - expected);
  return d <= factor * Math.max(tol.abs ?? 0, (tol.rel ?? 0) * Math.abs(expected));
}

/** A student's number: a plain number, or a formula of numbers such as `1/4` or `0.25^5`. */
export function readNumber(answer: unknown): { value: number } | { error: ExprError } | { invalid: true } | { comma: string } {
  if (typeof answer === 'number') return Number.isFinite(answer) ? { value: answer } : { invalid: true };
  if (typeof answer !== 'string') return { invalid: true };
  const text = answer.trim();
  if (/^[-+]?\d+,\d+$/.test(text)) return { comma: text.replace(',', '.') };
  try {
    const { ast } = compile(text, NUMBER_SCOPE);
    const v = scalarOf(evaluate(ast, text, NO_ENV));
    return v === undefined ? { invalid: true } : { value: v };
  } catch (err) {
    if (err instanceof ExprError) return { error: err };
    throw err;
  }
}

function gradeNumeric(q: NumericQuestion, answer: unknown, params: Map<string, number>): QuestionGrade {
  const read = readNumber(answer);
  if ('invalid' in read) return invalid(q, say('expectNumber'));
  if ('comma' in read) return { score: 0, correct: false, message: say('decimalComma', { fixed: read.comma }), details: { type: q.type, error: { code: 'decimalComma' } } };
  if ('error' in read) {
    return { score: 0, correct: false, message: atPoint(read.error), details: { type: q.type, error: { code: read.error.code, column: read.error.column } } };
  }
  const c = compiled(q);
  const env: Env = { values: params, functions: new Map(), dims: new Map() };
  const expected = valueOf(c.reference!, env);
  if (expected === undefined) throw new BrokenQuestionError(`question ${q.id}: the answer is not finite`);
  const value = read.value;
  if (within(expected, value, q.tolerance)) return { score: 1, correct: true, message: say('correct'), details: { type: q.type, value } };

  const mistake = c.wrong.findIndex((w) => {
    const v = w.formula ? valueOf(w.formula, env) : undefined;
    return v !== undefined && w.feedback !== undefined && within(v, value, q.tolerance);
  });
  if (mistake >= 0) {
    const feedback = localizedInterpolate(c.wrong[mistake]!.feedback!, params);
    return { score: 0, correct: false, message: sentences([say('incorrect'), feedback]), details: { type: q.type, value, mistake } };
  }
  const close = within(expected, value, q.tolerance, 10);
  return { score: 0, correct: false, message: say(close ? 'numericClose' : 'incorrect'), details: { type: q.type, value } };
}

function valueOf(f: CompiledFormula, env: Env): number | undefined {
  try {
    return scalarOf(evaluate(f.ast, f.source, env));
  } catch (err) {
    if (err instanceof ExprError) return undefined;
    throw err;
  }
}

// ——— formulas ———

interface Draw {
  env: Env;
  reference: Value;
  point: LocalizedText;
}

export function texNames(q: FormulaQuestion): TexNames {
  const symbols = new Map<string, string>();
  const declared = q.type === 'expression' ? q.variables : q.symbols;
  for (const [name, s] of Object.entries(declared)) if (s.tex) symbols.set(name, s.tex);
  const functions = new Map<string, string>();
  for (const [name, f] of Object.entries(q.functions)) if (f.tex) functions.set(name, f.tex);
  return { symbols, functions };
}

/**
 * Grades a typed formula: parse, resolve names, check the shape, then compare with the reference
 * at `samples` random draws of every variable (and of every declared function) seeded by student and
 * question. Any equivalent form scores 1. `scope` is the student's scope; validation passes the
 * author's scope to grade catalogued mistakes written with params.
 */
export function gradeFormula(q: FormulaQuestion, seed: string, source: string, scope: Scope, params: Map<string, number> = drawParams(q, seed)): QuestionGrade {
  const c = compiled(q);
  const reference = c.reference!;
  let ast;
  let shape: Shape;
  try {
    ({ ast, shape } = compile(source, scope));
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    return { score: 0, correct: false, message: err.text, details: { type: q.type, error: { code: err.code, column: err.column } } };
  }
  const details: GradeDetails = { type: q.type, tex: toTex(ast, texNames(q)) };
  if (q.type === 'matrix') details.shape = [shape.rows, shape.cols];

  const used = names(ast);
  const missing = q.mustUse.filter((n) => !used.symbols.has(n) && !used.functions.has(n));
  if (missing.length > 0) {
    return { score: 0, correct: false, message: say('mustUse', { names: missing.map((n) => `\`${n}\``).join(', ') }), details: { ...details, error: { code: 'mustUse' } } };
  }
  if (!sameShape(shape, reference.shape)) {
    const fmt = (s: Shape) => (isScalar(s) ? say('scalar') : say('matrixOfShape', { shape: formatShape(s, c.studentScope.dims) }));
    return { score: 0, correct: false, message: say('shapeMismatch', { got: fmt(shape), expected: fmt(reference.shape) }), details: { ...details, error: { code: 'shapeMismatch' } } };
  }

  const draws = drawPoints(q, seed, params, reference);
  const values: Value[] = [];
  for (const draw of draws) {
    try {
      values.push(evaluate(ast, source, draw.env));
    } catch (err) {
      if (!(err instanceof ExprError)) throw err;
      return { score: 0, correct: false, message: atPoint(err, draw.point), details: { ...details, error: { code: err.code, column: err.column } } };
    }
  }
  const mismatch = firstMismatch(draws.map((d) => d.reference), values, q.tolerance);
  if (!mismatch) return { score: 1, correct: true, message: say('correct'), details };

  const draw = draws[mismatch.draw]!;
  const got = formatNumber(Number(mismatch.got.toPrecision(4)));
  const verdict =
    q.type === 'expression'
      ? say('scalarMismatch', { point: draw.point, got })
      : say('matrixMismatch', { point: draw.point, row: mismatch.row + 1, col: mismatch.col + 1, got });
  const mistake = c.wrong.findIndex((w) => {
    if (!w.feedback || !w.formula || !sameShape(w.formula.shape, shape)) return false;
    const wrongValues: Value[] = [];
    for (const d of draws) {
      try {
        wrongValues.push(evaluate(w.formula.ast, w.formula.source, d.env));
      } catch (err) {
        if (err instanceof ExprError) return false;
        throw err;
      }
    }
    return firstMismatch(wrongValues, values, q.tolerance) === undefined;
  });
  if (mistake >= 0) {
    const feedback = localizedInterpolate(c.wrong[mistake]!.feedback!, params);
    return { score: 0, correct: false, message: sentences([verdict, feedback]), details: { ...details, mistake } };
  }
  return { score: 0, correct: false, message: verdict, details };
}

const ATTEMPTS_PER_DRAW = 20;

/** The random points, skipping any where the reference itself is not finite (e.g. log of a negative). */
function drawPoints(q: FormulaQuestion, seed: string, params: Map<string, number>, reference: CompiledFormula): Draw[] {
  const random = createRandom(seed, q.id, 'samples');
  const draws: Draw[] = [];
  for (let i = 0; i < q.samples; i++) {
    let attempt = 0;
    for (; attempt < ATTEMPTS_PER_DRAW; attempt++) {
      const { env, point } = sampleEnv(q, random, params, i + 1);
      try {
        draws.push({ env, point, reference: evaluate(reference.ast, reference.source, env) });
        break;
      } catch (err) {
        if (!(err instanceof ExprError)) throw err;
      }
    }
    if (attempt === ATTEMPTS_PER_DRAW) throw new BrokenQuestionError(`question ${q.id}: the reference is not finite at the sample points`);
  }
  return draws;
}

function sampleEnv(q: FormulaQuestion, random: Random, params: Map<string, number>, n: number): { env: Env; point: LocalizedText } {
  const values = new Map<string, Value>(params);
  const functions = new Map<string, (x: number) => number>();
  for (const name of Object.keys(q.functions)) functions.set(name, randomSmoothFunction(random));
  if (q.type === 'expression') {
    const shown: string[] = [];
    for (const [name, v] of Object.entries(q.variables)) {
      const x = random.uniform(v.min, v.max);
      values.set(name, x);
      shown.push(`${name} = ${formatNumber(Number(x.toPrecision(3)))}`);
    }
    const point = shown.join(', ');
    return { env: { values, functions, dims: new Map() }, point: { en: point, zh: point } };
  }
  const dims = new Map(Object.entries(q.dims));
  const scope = compiled(q).studentScope;
  for (const [name, s] of Object.entries(q.symbols)) {
    const shape = scope.symbols.get(name)!;
    values.set(name, sampleSymbol(s, shape, random));
  }
  return { env: { values, functions, dims }, point: say('randomDraw', { n }) };
}

/** One draw of a matrix symbol from its domain (validation has made sure the shape fits it). */
export function sampleSymbol(s: { min: number; max: number; domain: SymbolDomain }, shape: Shape, random: Random): Value {
  const n = shape.rows * shape.cols;
  if (s.domain === 'one-hot') {
    const k = random.below(n);
    return matrix(shape.rows, shape.cols, (i, j) => (i * shape.cols + j === k ? 1 : 0));
  }
  if (s.domain === 'probability') {
    // Bounded away from 0 so that formulas dividing by a probability (−y ⊘ ŷ) stay well conditioned.
    const raw = Array.from({ length: n }, () => random.uniform(0.1, 1));
    const total = raw.reduce((a, b) => a + b, 0);
    return matrix(shape.rows, shape.cols, (i, j) => raw[i * shape.cols + j]! / total);
  }
  if (shape.rows === 1 && shape.cols === 1) return random.uniform(s.min, s.max);
  if (s.domain === 'symmetric') {
    const m = matrix(shape.rows, shape.cols, () => random.uniform(s.min, s.max));
    for (let i = 0; i < shape.rows; i++) for (let j = 0; j < i; j++) m.data[i * shape.cols + j] = m.data[j * shape.cols + i]!;
    return m;
  }
  return matrix(shape.rows, shape.cols, () => random.uniform(s.min, s.max));
}

/**
 * A stand-in for an unspecified function such as f′: smooth, positive, and different at every draw,
 * so only answers that apply the declared function where the reference does can match.
 */
function randomSmoothFunction(random: Random): (x: number) => number {
  const c0 = random.uniform(0.5, 1.5);
  const c1 = random.uniform(0.2, 0.45);
  const c2 = random.uniform(0.6, 1.6);
  const c3 = random.uniform(0, 2 * Math.PI);
  return (x) => c0 + c1 * Math.sin(c2 * x + c3);
}

function firstMismatch(expected: Value[], got: Value[], tol: Tolerance): { draw: number; row: number; col: number; got: number } | undefined {
  const t = { abs: tol.abs ?? 0, rel: tol.rel ?? 0 };
  for (let d = 0; d < expected.length; d++) {
    const e = expected[d]!;
    const g = got[d]!;
    const es = scalarOf(e);
    const gs = scalarOf(g);
    if (es !== undefined || gs !== undefined) {
      if (es === undefined || gs === undefined || !within(es, gs, t)) return { draw: d, row: 0, col: 0, got: gs ?? NaN };
      continue;
    }
    if (!isMatrix(e) || !isMatrix(g) || e.rows !== g.rows || e.cols !== g.cols) return { draw: d, row: 0, col: 0, got: NaN };
    for (let k = 0; k < e.data.length; k++) {
      if (!within(e.data[k]!, g.data[k]!, t)) return { draw: d, row: Math.floor(k / e.cols), col: k % e.cols, got: g.data[k]! };
    }
  }
  return undefined;
}
