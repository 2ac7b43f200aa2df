import type { CheckResult, ErrorInfo, Heatmap, Locale, MathValue, Plot } from '../results';
import { at, compare, describeValue, firstDifference, formatNumber, relativeError, SCALE_FLOOR, wireNumber, type Comparison } from './compare';
import { captureDriver, captureSource, graphFor } from './graph/capture';
import { defaultLocate } from './locate';
import { bothLanguages, inBoth, localize, said, say, told } from './messages';
import type { Localized } from '../../lib/i18n/message';
import { driverSource, type CallOutcome, type Failure, type Runner } from './runner';
import { inputText, type PreparedCheck, type PreparedExercise, type PreparedMistake } from './prepare';
import { defaultShow, formatPair, isMatrix, isVector, limitParts, nameOfInput } from './show';
import type { Path } from './spec';

/**
 * Runs the selected checks of a prepared exercise through a runner and turns every outcome into a
 * CheckResult that says where the answer is wrong. Stops early when the runner's session is dead
 * (timeout, memory) or the grading's time budget is spent; the checks not run are reported skipped.
 */
export interface RunOptions {
  locale: Locale;
  totalTimeMs: number;
  checkTimeMs: number;
  memoryMb: number;
  /** Whether to look for catalogued mistakes in failing checks. */
  matchMistakes: boolean;
  /**
   * The clock `totalTimeMs` is measured on, in ms (default: wall clock). Grading passes the learner
   * isolate's CPU time, so a busy machine does not eat the learner's budget.
   */
  clock?: () => number;
}

export interface RunOutcome {
  checks: CheckResult[];
  fatal?: ErrorInfo;
  anyRuntimeError: boolean;
}

interface CaseOutcome {
  index: number;
  out: CallOutcome;
  verdict: CaseVerdict;
}

type CaseVerdict =
  | { ok: true }
  | { ok: false; kind: 'error'; failure: Failure }
  | { ok: false; kind: 'mutated'; path: Path }
  | { ok: false; kind: 'judge'; message: string; messageI18n: Localized; path?: Path }
  | (Comparison & { ok: false });

export function runChecks(prepared: PreparedExercise, selected: PreparedCheck[], runner: Runner, opts: RunOptions): RunOutcome {
  const clock = opts.clock ?? (() => performance.now());
  const started = clock();
  const results: CheckResult[] = [];
  let fatal: ErrorInfo | undefined;
  let anyRuntimeError = false;
  const candidates = new Map<CheckResult, PreparedMistake[]>();
  const ran: { check: PreparedCheck; outcomes: CaseOutcome[] }[] = [];
  const plots: { result: CheckResult; check: PreparedCheck; outcomes: CaseOutcome[]; failed: CaseOutcome[] }[] = [];

  for (const check of selected) {
    const spec = check.spec;
    const base = {
      name: spec.name,
      title: localize(spec.title, opts.locale),
      titleI18n: bothLanguages(spec.title),
      kind: spec.kind ?? 'value',
      visibility: spec.visibility ?? 'hidden',
      maxPoints: check.points,
    } as const;
    if (fatal) {
      results.push({ ...base, passed: false, points: 0, ...told(said('skipped'), opts.locale), cases: { total: check.cases.length, failed: 0 }, timeMs: 0 });
      continue;
    }

    const checkStart = performance.now();
    const outcomes: CaseOutcome[] = [];
    for (let i = 0; i < check.cases.length; i++) {
      if (clock() - started > opts.totalTimeMs) {
        fatal = { kind: 'timeout', ...told(said('timeoutTotal', { ms: opts.totalTimeMs }), opts.locale) };
        break;
      }
      const c = check.cases[i]!;
      const out = runner.call(check.driverSource, spec.call, c.input);
      const verdict = judgeCase(check, i, out, opts.locale);
      outcomes.push({ index: i, out, verdict });
      if (!out.ok) {
        if (out.failure.kind !== 'runtime_error') fatal = failureInfo(out.failure, opts);
        else anyRuntimeError = true;
        break; // one error explains the check; later inputs would repeat it
      }
    }

    ran.push({ check, outcomes });
    const failed = outcomes.filter((o) => !o.verdict.ok);
    const passed = failed.length === 0 && outcomes.length === check.cases.length;
    const result: CheckResult = {
      ...base,
      passed,
      points: passed ? check.points : 0,
      message: '',
      cases: { total: check.cases.length, failed: failed.length },
      timeMs: round(performance.now() - checkStart),
    };

    if (passed) {
      Object.assign(result, told(said(check.cases.length === 1 ? 'checkPassedOne' : 'checkPassed', { n: check.cases.length }), opts.locale));
    } else if (failed.length === 0) {
      // Stopped by the time budget before any input failed.
      Object.assign(result, fatal ? { message: fatal.message, messageI18n: fatal.messageI18n } : told(said('skipped'), opts.locale));
    } else {
      describeFailure(result, check, outcomes, failed, opts);
      // A catalogued hint explains a wrong formula; code that threw or changed its argument did
      // something else, and its own message says what (a hint there would mislead).
      if (opts.matchMistakes && !failed.some((o) => o.verdict.ok === false && (o.verdict.kind === 'error' || o.verdict.kind === 'mutated'))) {
        candidates.set(result, matchingMistakes(prepared, check, outcomes));
      }
    }
    // Drawn whether the check passed or not: seeing both curves agree (and where the kinks are)
    // teaches too.
    if (spec.plot && outcomes.length > 0) plots.push({ result, check, outcomes, failed });
    results.push(result);
  }
  for (const [result, list] of candidates) candidates.set(result, list.filter((m) => !contradicted(prepared, m, ran)));
  nameMistakes(candidates, opts.locale);
  // Dense curves last: each is one more sandbox call, so whatever it does (even running into the
  // time limit, which ends the session) cannot change a check's verdict.
  for (const { result, check, outcomes, failed } of plots) {
    // The same clock as the budget (the isolate's CPU time in a real grading): performance.now()
    // here measured the child's age instead, so a real grading never drew a dense curve.
    const dense = !fatal && clock() - started + opts.checkTimeMs < opts.totalTimeMs;
    result.plot = plotFor(check, outcomes, failed, dense ? runner : undefined, opts.checkTimeMs / 2);
  }
  // The learner's computational graph, last for the same reason; drawn whether the check passed or not.
  for (const { check, outcomes } of ran) {
    const result = results.find((r) => r.name === check.spec.name);
    if (!check.spec.graph || !result || fatal || outcomes.length === 0) continue;
    if (clock() - started + opts.checkTimeMs >= opts.totalTimeMs) continue;
    result.graph = graphOf(check, outcomes, runner, opts.locale);
  }
  return { checks: results, fatal, anyRuntimeError };
}

function judgeCase(check: PreparedCheck, i: number, out: CallOutcome, locale: Locale): CaseVerdict {
  if (!out.ok) return { ok: false, kind: 'error', failure: out.failure };
  const c = check.cases[i]!;
  if (!check.spec.allowMutation) {
    const diff = firstDifference(c.input, out.inputAfter);
    if (diff) return { ok: false, kind: 'mutated', path: diff };
  }
  if (check.spec.judge) {
    const failure = check.spec.judge(out.value, c.input);
    return failure ? { ok: false, kind: 'judge', message: localize(failure.message, locale), messageI18n: bothLanguages(failure.message), path: failure.path } : { ok: true };
  }
  const cmp = compare(c.expected, out.value, check.spec.tolerance);
  return cmp.ok ? { ok: true } : cmp;
}

/** Picks the most telling failing input (an error, then a wrong shape, then the largest error) and says what is wrong. */
function describeFailure(result: CheckResult, check: PreparedCheck, outcomes: CaseOutcome[], failed: CaseOutcome[], opts: RunOptions): void {
  const { locale } = opts;
  const n = check.cases.length;
  const severity = (o: CaseOutcome): number => {
    const v = o.verdict;
    if (v.ok) return -1;
    if (v.kind === 'error') return Number.MAX_VALUE;
    if (v.kind === 'mutated' || v.kind === 'shape' || v.kind === 'judge') return Number.MAX_VALUE / 2;
    const r = v.worst.relError;
    return Number.isFinite(r) ? r : Number.MAX_VALUE / 4;
  };
  const worst = failed.reduce((a, b) => (severity(b) > severity(a) ? b : a));
  const c = check.cases[worst.index]!;
  const v = worst.verdict;
  const placeIn = (path: Path, l: Locale) => (check.spec.locate ? check.spec.locate(path, l) : defaultLocate(path, say(l, 'answer'), l));
  // The place in the statement's notation, with its label in both languages for the reader's.
  const place = (path: Path) => ({ ...placeIn(path, locale), labelI18n: inBoth((l) => placeIn(path, l).label) });
  if ((check.spec.visibility ?? 'hidden') !== 'secret') {
    result.input = inputText(check, c, locale);
    if (check.spec.describe) result.inputI18n = inBoth((l) => inputText(check, c, l));
    const parts = check.spec.show ? limitParts(check.spec.show(structuredClone(c.input), locale)) : defaultShow(c.input, check.spec.argument, check.spec.names);
    if (parts) result.inputParts = parts.map((p) => ({ name: p.name, value: typeof p.value === 'string' ? p.value : toMath(p.value) }));
  } else {
    result.inputI18n = said('secretInput');
    result.input = say(locale, 'secretInput');
  }
  if (v.ok) return;

  switch (v.kind) {
    case 'error': {
      result.error = failureInfo(v.failure, opts);
      const missing = v.failure.kind === 'runtime_error' ? missingExport(v.failure.message, check.driverSource) : undefined;
      if (missing) {
        result.problem = 'missing_export';
        Object.assign(result, told(said('missingExport', { name: missing }), locale));
        result.error = { kind: 'runtime_error', message: result.message, messageI18n: result.messageI18n };
      } else if (v.failure.kind === 'runtime_error' && /Maximum call stack size exceeded/.test(v.failure.message)) {
        result.problem = 'stack_overflow';
        Object.assign(result, told(said('stackOverflow'), locale));
        result.error = { ...v.failure, message: result.message, messageI18n: result.messageI18n };
      } else {
        Object.assign(
          result,
          v.failure.kind === 'runtime_error' ? told(said('threw', { message: v.failure.message }), locale) : { message: result.error.message, messageI18n: result.error.messageI18n },
        );
      }
      return;
    }
    case 'mutated': {
      const name = nameOfInput(v.path, check.spec.argument, check.spec.nameInput, check.spec.names);
            result.problem = 'mutated';
      Object.assign(result, told(said(isMatrix(at(c.input, v.path.slice(0, -2))) ? 'mutatedMatrix' : 'mutated', { name }), locale));
      return;
    }
    case 'judge': {
      result.message = v.message;
      result.messageI18n = said('judged', { text: v.messageI18n });
      if (v.path) result.mismatch = { where: { path: v.path, ...place(v.path) } };
      return;
    }
    case 'shape': {
      const p = v.problem;
      const where = place(p.path).labelI18n;
      const detail =
        p.key === 'expectedNumber'
          ? said('expectedNumber', { where, got: p.got })
          : p.key === 'expectedArray'
            ? said('expectedArray', { where, length: p.length, got: p.got })
            : p.key === 'wrongLength'
              ? said('wrongLength', { where, length: p.length, gotLength: p.gotLength })
              : p.key === 'expectedObject'
                ? said('expectedObject', { where, key: p.field, got: p.got })
                : said('expectedValue', { where, expected: p.expected, got: p.got });
      Object.assign(result, told(said('shapeMismatch', { failed: failed.length, n, detail }), locale));
      result.mismatch = { where: { path: p.path, ...place(p.path) }, got: 'got' in p ? p.got : undefined };
      return;
    }
    case 'value': {
      const w = v.worst;
      const where = { path: w.path, ...place(w.path) };
      const numeric = c.numeric !== undefined ? at(c.numeric, w.path) : undefined;
      result.mismatch = {
        where,
        expected: wireNumber(w.expected),
        got: wireNumber(w.got),
        numeric: typeof numeric === 'number' ? wireNumber(numeric) : undefined,
        absError: wireNumber(w.absError),
        relError: wireNumber(w.relError),
      };
      const [expectedText, gotText] = formatPair(w.expected, w.got);
      result.mismatch.expectedText = expectedText;
      result.mismatch.gotText = gotText;
      const block = blockAround(c.expected, worst.out.ok ? worst.out.value : undefined, w.path);
      if (block) result.mismatch.block = { name: blockName(w.path, block.depth, (p) => placeIn(p, locale)), ...block.values };
      const params = {
        failed: failed.length,
        n,
        where: w.path.length > 0 ? said('atPlace', { place: where.labelI18n }) : '',
        expected: expectedText,
        got: gotText,
        rel: formatRelative(w.relError),
        numeric: typeof numeric === 'number' ? formatNumber(numeric) : '—',
      };
      Object.assign(result, told(said(check.spec.kind !== 'gradient' ? 'valueMismatch' : typeof numeric === 'number' ? 'gradientMismatch' : 'gradientMismatchNoNumeric', params), locale));
      if (check.spec.heatmap && worst.out.ok) result.heatmaps = heatmapsFor(c.expected, worst.out.value, (p) => placeIn(p, locale).label);
      return;
    }
  }
}

function failureInfo(failure: Failure, opts: RunOptions): ErrorInfo {
  if (failure.kind === 'timeout') return { kind: 'timeout', ...told(said('timeout', { ms: opts.checkTimeMs }), opts.locale) };
  if (failure.kind === 'memory_limit') return { kind: 'memory_limit', ...told(said('memory', { mb: opts.memoryMb }), opts.locale) };
  return failure;
}

/** Every catalogued mistake whose answers equal the learner's on every input this check ran. */
function matchingMistakes(prepared: PreparedExercise, check: PreparedCheck, outcomes: CaseOutcome[]): PreparedMistake[] {
  return prepared.mistakes.filter((mistake) => {
    const theirs = prepared.mistakeAnswers(mistake.id, check);
    return (
      theirs !== undefined &&
      outcomes.every((o) => {
        const t = theirs[o.index];
        return o.out.ok && t !== undefined && t.ok && compare(t.value, o.out.value, check.spec.tolerance).ok;
      })
    );
  });
}

/**
 * A mistake is only an explanation if it predicts what the learner's code did everywhere it was
 * run: where the learner's answer was right (on any check of this grading, passed or failed) the
 * mistake's answer must be right too. Otherwise a hint would describe a bug the learner does not
 * have — e.g. two wrong formulas that agree on one failing input (a dropped tangent in exp and a
 * wrong quotient rule both flip the sign of σ′), while the learner's div passed its own check.
 * A learner may have a second, uncatalogued bug where the mistake is right: that does not
 * contradict it.
 */
function contradicted(prepared: PreparedExercise, mistake: PreparedMistake, ran: { check: PreparedCheck; outcomes: CaseOutcome[] }[]): boolean {
  for (const { check, outcomes } of ran) {
    const rightHere = outcomes.filter((o) => o.verdict.ok);
    if (rightHere.length === 0) continue;
    const theirs = prepared.mistakeAnswers(mistake.id, check);
    if (!theirs) return true;
    for (const o of rightHere) {
      const t = theirs[o.index];
      if (!t || !t.ok || !answerRight(check, o.index, t.value)) return true;
    }
  }
  return false;
}

/** Whether an answer to one case of a check is accepted (by the check's judge, or against its reference). */
function answerRight(check: PreparedCheck, i: number, value: unknown): boolean {
  const c = check.cases[i]!;
  if (check.spec.judge) return check.spec.judge(structuredClone(value), structuredClone(c.input)) === null;
  return compare(c.expected, value, check.spec.tolerance).ok;
}

/**
 * Names one mistake per failing check. Where several fit one check (two wrong formulas can agree
 * on some inputs), the one that fits the most checks of this grading is the likelier explanation.
 */
function nameMistakes(candidates: Map<CheckResult, PreparedMistake[]>, locale: Locale): void {
  const fits = new Map<string, number>();
  for (const list of candidates.values()) for (const m of list) fits.set(m.id, (fits.get(m.id) ?? 0) + 1);
  for (const [result, list] of candidates) {
    const best = list.reduce<PreparedMistake | undefined>((a, b) => (!a || fits.get(b.id)! > fits.get(a.id)! ? b : a), undefined);
    if (best) result.mistake = { id: best.id, hint: localize(best.hint, locale), hintI18n: bothLanguages(best.hint) };
  }
}

/**
 * The learner's function against the reference on a dense grid across the check's x range (201
 * points, one sandbox call), with the check's own inputs as points. Without a way to build an input
 * for any x (a number input, or `plot.at`), only the check's inputs are drawn.
 */
function plotFor(check: PreparedCheck, outcomes: CaseOutcome[], failed: CaseOutcome[], runner: Runner | undefined, budgetMs: number): Plot | undefined {
  const plot = check.spec.plot!;
  const finiteOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  // The curve is drawn through the input that failed first, else the first one (its other fields, like γ, stay).
  const shown = failed[0] ?? outcomes[0]!;
  if (plot.vector) return vectorPlot(check, shown);
  const samples = outcomes
    .map((o) => {
      const c = check.cases[o.index]!;
      return { x: plot.x(c.input), got: o.out.ok ? finiteOrNull(o.out.value) : null, exp: finiteOrNull(c.expected) };
    })
    .filter((p) => Number.isFinite(p.x))
    .sort((a, b) => a.x - b.x)
    .slice(0, 400);
  if (samples.length === 0) return undefined;
  const xLabel = plot.xLabel ?? 'x';
  const asSeries = (ps: typeof samples) => ({ x: ps.map((p) => p.x), expected: ps.map((p) => p.exp), got: ps.map((p) => p.got) });

  const base = check.cases[shown.index]!.input;
  const build = plot.at ?? (typeof base === 'number' ? (_: unknown, x: number) => x : undefined);
  const x0 = Math.min(samples[0]!.x, plot.range?.[0] ?? Infinity);
  const x1 = Math.max(samples[samples.length - 1]!.x, plot.range?.[1] ?? -Infinity);
  const kinks = plot.kinks?.filter((k) => k >= x0 && k <= x1).slice(0, 8);
  const marks = kinks && kinks.length > 0 ? { kinks } : {};
  if (!runner || !build || !(x1 > x0) || !check.spec.expected) return samples.length >= 2 ? { xLabel, ...asSeries(samples), ...marks } : undefined;

  const xs = Array.from({ length: 201 }, (_, i) => x0 + ((x1 - x0) * i) / 200);
  const inputs = xs.map((x) => build(structuredClone(base), x));
  const out = runner.call(batchSource(check.driverSource, budgetMs), batchDriver(check.spec.call), inputs);
  const got = out.ok && Array.isArray(out.value) ? out.value.map(finiteOrNull) : xs.map(() => null);
  const expected = inputs.map((input) => {
    try {
      return finiteOrNull(check.spec.expected!(input));
    } catch {
      return null;
    }
  });
  return { xLabel, x: xs, expected, got, samples: asSeries(samples), ...marks };
}

/** Captures the graph for the first failing drawable input of the check, else its first drawable input. */
function graphOf(check: PreparedCheck, outcomes: CaseOutcome[], runner: Runner, locale: Locale): CheckResult['graph'] {
  const graph = check.spec.graph!;
  const drawable = (o: CaseOutcome) => !graph.drawable || graph.drawable(structuredClone(check.cases[o.index]!.input));
  const chosen = outcomes.find((o) => !o.verdict.ok && drawable(o)) ?? outcomes.find(drawable);
  if (!chosen) return undefined;
  const c = check.cases[chosen.index]!;
  const out = runner.call(captureSource(driverSource(graph.call)), captureDriver(graph), c.input);
  return graphFor(graph, c.input, inputText(check, c, locale), out);
}

/** A per-layer answer (a vector) against the reference's, entry k at x = k + 1, optionally as log₁₀. */
function vectorPlot(check: PreparedCheck, failing: CaseOutcome): Plot | undefined {
  const plot = check.spec.plot!;
  const expected = check.cases[failing.index]!.expected;
  const got = failing.out.ok ? failing.out.value : undefined;
  if (!isVector(expected) || expected.length < 2 || expected.length > 400) return undefined;
  const y = (v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    if (!plot.vector!.log10) return v;
    return v > 0 ? Math.log10(v) : null;
  };
  const theirs = Array.isArray(got) ? got : [];
  return {
    xLabel: plot.xLabel ?? 'l',
    ...(plot.yLabel ? { yLabel: plot.yLabel } : {}),
    x: expected.map((_, k) => k + 1),
    expected: expected.map(y),
    got: expected.map((_, k) => y(theirs[k])),
  };
}

/**
 * One sandbox call that evaluates a check's call on many inputs (errors and non-numbers become
 * null). It stops evaluating once `budgetMs` have passed, well inside the call's time limit.
 */
function batchSource(driverSource: string, budgetMs: number): string {
  return `(() => { const d = ${driverSource}; return (m, inputs) => { const t0 = Date.now(); return inputs.map((input) => { if (Date.now() - t0 > ${Math.max(1, Math.floor(budgetMs))}) return null; try { const v = d(m, input); return typeof v === 'number' && Number.isFinite(v) ? v : null; } catch (e) { return null; } }); }; })()`;
}

function batchDriver(call: (m: unknown, input: unknown) => unknown): (m: unknown, inputs: unknown) => unknown {
  return (m, inputs) =>
    (inputs as unknown[]).map((input) => {
      try {
        const v = call(m, input);
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      } catch {
        return null;
      }
    });
}

/** The export a check looked for when the learner's module does not have it (`m.sigmoidPrime is not a function`). */
export function missingExport(message: string, driverSource: string): string | undefined {
  const m = /\bm\.([A-Za-z_$][\w$]*) is not a (?:function|constructor)/.exec(message);
  if (!m) return undefined;
  const used = new Set([...driverSource.matchAll(/\bm\.([A-Za-z_$][\w$]*)/g)].map((x) => x[1]));
  return used.has(m[1]) ? m[1] : undefined;
}

/** Numbers that survive JSON, in the shape they came in. */
function toMath(v: number | number[] | number[][]): MathValue {
  if (typeof v === 'number') return wireNumber(v);
  return v.map((x) => (Array.isArray(x) ? x.map(wireNumber) : wireNumber(x))) as MathValue;
}

/**
 * The vector or matrix around the worst element, reference and answer, so the student sees the
 * element among its neighbours: the innermost matrix (≤ 12×12) or vector (≤ 24 entries).
 */
function blockAround(expected: unknown, got: unknown, path: Path): { depth: number; values: { expected: MathValue; got: MathValue; index: number[] } } | undefined {
  for (const depth of [2, 1]) {
    if (path.length < depth || path.slice(-depth).some((p) => typeof p !== 'number')) continue;
    const parent = path.slice(0, -depth);
    const e = at(expected, parent);
    const g = at(got, parent);
    const small = depth === 2 ? isMatrix(e) && isMatrix(g) && e.length <= 12 && e[0]!.length <= 12 : isVector(e) && isVector(g) && e.length <= 24;
    if (small) return { depth, values: { expected: toMath(e as number[] | number[][]), got: toMath(g as number[] | number[][]), index: path.slice(-depth) as number[] } };
  }
  return undefined;
}

/** The block's name: the worst element's label without its position ("∂L/∂W⁽²⁾, row 1, column 3" → "∂L/∂W⁽²⁾"). */
function blockName(path: Path, depth: number, place: (p: Path) => { label: string }): string {
  const parent = path.slice(0, -depth);
  return parent.length === 0 ? place([]).label : place(parent).label;
}

/**
 * Relative error per element of every matrix and vector in the answer (capped at 1), for the
 * heatmaps. A ragged list of vectors (the biases of layers of different widths) is drawn as one
 * vector per layer, never as a rectangle with cells that do not exist.
 */
function heatmapsFor(expected: unknown, got: unknown, label: (p: Path) => string): Heatmap[] {
  const maps: Heatmap[] = [];
  const stack: Path[] = [[]];
  const scale = SCALE_FLOOR * largestAbs(expected);
  while (stack.length > 0 && maps.length < 8) {
    const path = stack.shift()!;
    const e = at(expected, path);
    const g = at(got, path);
    const matrix = isMatrix(e);
    if (matrix || isVector(e)) {
      const rowsE: number[][] = matrix ? e : (e as number[]).map((x) => [x]);
      const gm = matrix ? g : Array.isArray(g) ? g.map((x) => [x]) : undefined;
      const same = Array.isArray(gm) && gm.length === rowsE.length && gm.every((row, i) => Array.isArray(row) && row.length === rowsE[i]!.length);
      const rows = rowsE.length;
      const cols = rowsE[0]!.length;
      if (same && rows * cols <= 4096 && (matrix || path.length > 0)) {
        const values: number[] = [];
        const ev: number[] = [];
        const gv: number[] = [];
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const a = rowsE[i]![j]!;
            const b = (gm as unknown[][])[i]![j];
            const bn = typeof b === 'number' ? b : Number.NaN;
            values.push(Math.min(1, relativeError(a, bn, scale)));
            ev.push(a);
            gv.push(bn);
          }
        }
        const withValues = rows * cols <= 256;
        maps.push({
          label: label(path),
          rows,
          cols,
          values,
          kind: matrix ? 'matrix' : 'vector',
          ...(withValues ? { expected: ev.map(wireNumber), got: gv.map(wireNumber) } : {}),
        });
      }
    } else if (Array.isArray(e)) {
      e.forEach((_, i) => stack.push([...path, i]));
    } else if (e && typeof e === 'object') {
      Object.keys(e).forEach((k) => stack.push([...path, k]));
    }
  }
  return maps;
}

function largestAbs(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.abs(v) : 0;
  if (Array.isArray(v)) return v.reduce((m: number, x) => Math.max(m, largestAbs(x)), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((m: number, x) => Math.max(m, largestAbs(x)), 0);
  return 0;
}

/** 50%, 0.37%, 2.1e-7: percentages where they read naturally. */
function formatRelative(rel: number): string {
  if (!Number.isFinite(rel)) return '∞';
  return rel >= 1e-3 ? `${Number((rel * 100).toPrecision(3))}%` : rel.toExponential(1);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export { describeValue };
