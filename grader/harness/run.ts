import type { CheckResult, ErrorInfo, Heatmap, Locale, Plot } from '../results';
import { at, compare, describeValue, firstDifference, formatNumber, relativeError, wireNumber, type Comparison } from './compare';
import { defaultLocate } from './locate';
import { localize, say } from './messages';
import type { CallOutcome, Failure, Runner } from './runner';
import type { PreparedCheck, PreparedExercise, PreparedMistake } from './prepare';
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
  | { ok: false; kind: 'judge'; message: string; path?: Path }
  | (Comparison & { ok: false });

export function runChecks(prepared: PreparedExercise, selected: PreparedCheck[], runner: Runner, opts: RunOptions): RunOutcome {
  const clock = opts.clock ?? (() => performance.now());
  const started = clock();
  const results: CheckResult[] = [];
  let fatal: ErrorInfo | undefined;
  let anyRuntimeError = false;
  const candidates = new Map<CheckResult, PreparedMistake[]>();

  for (const check of selected) {
    const spec = check.spec;
    const base = {
      name: spec.name,
      title: localize(spec.title, opts.locale),
      kind: spec.kind ?? 'value',
      visibility: spec.visibility ?? 'hidden',
      maxPoints: check.points,
    } as const;
    if (fatal) {
      results.push({ ...base, passed: false, points: 0, message: say(opts.locale, 'skipped'), cases: { total: check.cases.length, failed: 0 }, timeMs: 0 });
      continue;
    }

    const checkStart = performance.now();
    const outcomes: CaseOutcome[] = [];
    for (let i = 0; i < check.cases.length; i++) {
      if (clock() - started > opts.totalTimeMs) {
        fatal = { kind: 'timeout', message: say(opts.locale, 'timeoutTotal', { ms: opts.totalTimeMs }) };
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
      result.message = say(opts.locale, check.cases.length === 1 ? 'checkPassedOne' : 'checkPassed', { n: check.cases.length });
    } else if (failed.length === 0) {
      // Stopped by the time budget before any input failed.
      result.message = fatal?.message ?? say(opts.locale, 'skipped');
    } else {
      describeFailure(result, check, outcomes, failed, opts);
      if (opts.matchMistakes && !failed.some((o) => o.verdict.ok === false && o.verdict.kind === 'error')) {
        candidates.set(result, matchingMistakes(prepared, check, outcomes));
      }
    }
    if (spec.plot) result.plot = plotFor(check, outcomes);
    results.push(result);
  }
  nameMistakes(candidates, opts.locale);
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
    return failure ? { ok: false, kind: 'judge', message: localize(failure.message, locale), path: failure.path } : { ok: true };
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
  const place = (path: Path) => (check.spec.locate ? check.spec.locate(path, locale) : defaultLocate(path, say(locale, 'answer')));
  if ((check.spec.visibility ?? 'hidden') !== 'secret') result.input = c.inputText;
  else result.input = say(locale, 'secretInput');
  if (v.ok) return;

  switch (v.kind) {
    case 'error': {
      result.error = failureInfo(v.failure, opts);
      result.message = v.failure.kind === 'runtime_error' ? say(locale, 'threw', { message: v.failure.message }) : result.error.message;
      return;
    }
    case 'mutated': {
      result.message = say(locale, 'mutated', { where: place(v.path).label.replace(/^.*?(\[|$)/, 'input$1') });
      return;
    }
    case 'judge': {
      result.message = v.message;
      if (v.path) result.mismatch = { where: { path: v.path, ...place(v.path) } };
      return;
    }
    case 'shape': {
      const p = v.problem;
      const where = place(p.path).label;
      const detail =
        p.key === 'expectedNumber'
          ? say(locale, 'expectedNumber', { where, got: p.got })
          : p.key === 'expectedArray'
            ? say(locale, 'expectedArray', { where, length: p.length, got: p.got })
            : p.key === 'wrongLength'
              ? say(locale, 'wrongLength', { where, length: p.length, gotLength: p.gotLength })
              : p.key === 'expectedObject'
                ? say(locale, 'expectedObject', { where, key: p.field, got: p.got })
                : say(locale, 'expectedValue', { where, expected: p.expected, got: p.got });
      result.message = say(locale, 'shapeMismatch', { failed: failed.length, n, detail });
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
      const params = {
        failed: failed.length,
        n,
        where: w.path.length > 0 ? say(locale, 'atPlace', { place: where.label }) : '',
        expected: formatNumber(w.expected),
        got: formatNumber(w.got),
        rel: formatRelative(w.relError),
        numeric: typeof numeric === 'number' ? formatNumber(numeric) : '—',
      };
      result.message = say(locale, check.spec.kind !== 'gradient' ? 'valueMismatch' : typeof numeric === 'number' ? 'gradientMismatch' : 'gradientMismatchNoNumeric', params);
      if (check.spec.heatmap && worst.out.ok) result.heatmaps = heatmapsFor(c.expected, worst.out.value, (p) => place(p).label);
      return;
    }
  }
}

function failureInfo(failure: Failure, opts: RunOptions): ErrorInfo {
  if (failure.kind === 'timeout') return { kind: 'timeout', message: say(opts.locale, 'timeout', { ms: opts.checkTimeMs }) };
  if (failure.kind === 'memory_limit') return { kind: 'memory_limit', message: say(opts.locale, 'memory', { mb: opts.memoryMb }) };
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
 * Names one mistake per failing check. Where several fit one check (two wrong formulas can agree
 * on some inputs), the one that fits the most checks of this grading is the likelier explanation.
 */
function nameMistakes(candidates: Map<CheckResult, PreparedMistake[]>, locale: Locale): void {
  const fits = new Map<string, number>();
  for (const list of candidates.values()) for (const m of list) fits.set(m.id, (fits.get(m.id) ?? 0) + 1);
  for (const [result, list] of candidates) {
    const best = list.reduce<PreparedMistake | undefined>((a, b) => (!a || fits.get(b.id)! > fits.get(a.id)! ? b : a), undefined);
    if (best) result.mistake = { id: best.id, hint: localize(best.hint, locale) };
  }
}

function plotFor(check: PreparedCheck, outcomes: CaseOutcome[]): Plot | undefined {
  const plot = check.spec.plot!;
  const points = outcomes
    .map((o) => {
      const c = check.cases[o.index]!;
      const x = plot.x(c.input);
      const got = o.out.ok && typeof o.out.value === 'number' && Number.isFinite(o.out.value) ? o.out.value : null;
      const exp = typeof c.expected === 'number' && Number.isFinite(c.expected) ? c.expected : null;
      return { x, got, exp };
    })
    .filter((p) => Number.isFinite(p.x))
    .sort((a, b) => a.x - b.x)
    .slice(0, 400);
  if (points.length < 2) return undefined;
  return { xLabel: plot.xLabel ?? 'x', x: points.map((p) => p.x), expected: points.map((p) => p.exp), got: points.map((p) => p.got) };
}

/** Relative error per element of every matrix in the answer (capped at 1), for the heatmap. */
function heatmapsFor(expected: unknown, got: unknown, label: (p: Path) => string): Heatmap[] {
  const maps: Heatmap[] = [];
  const stack: Path[] = [[]];
  while (stack.length > 0 && maps.length < 8) {
    const path = stack.shift()!;
    const e = at(expected, path);
    const g = at(got, path);
    if (isMatrix(e)) {
      if (isMatrix(g) && g.length === e.length && g.every((row, i) => row.length === e[i]!.length)) {
        const rows = e.length;
        const cols = e[0]!.length;
        if (rows * cols <= 4096) {
          const values: number[] = [];
          for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values.push(Math.min(1, relativeError(e[i]![j]!, g[i]![j]!)));
          maps.push({ label: label(path), rows, cols, values });
        }
      }
    } else if (Array.isArray(e)) {
      e.forEach((_, i) => stack.push([...path, i]));
    } else if (e && typeof e === 'object') {
      Object.keys(e).forEach((k) => stack.push([...path, k]));
    }
  }
  return maps;
}

function isMatrix(v: unknown): v is number[][] {
  return Array.isArray(v) && v.length > 0 && v.every((row) => Array.isArray(row) && row.length > 0 && row.every((x) => typeof x === 'number'));
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
