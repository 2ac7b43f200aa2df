import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import type { Exercise } from '../../lib/content/loader';
import type { Locale } from '../../lib/i18n/locales';
import { readMistakeSource } from '../../lib/content/mistakes';
import { freeVariables } from './free-variables';
import { callText, hostRunner, driverSource, type CallOutcome } from './runner';
import type { CheckSpec, ExerciseChecks, MistakeSpec } from './spec';
import { inputRng } from './inputs';

/**
 * An exercise made ready to grade: its checks module loaded, every input generated from its seed,
 * the reference answers computed once, and its catalogued mistakes loaded. Cached per exercise
 * version, so a warm grader spends its time on the learner's code only.
 */

export interface PreparedCase {
  input: unknown;
  expected?: unknown;
  numeric?: unknown;
}

export interface PreparedCheck {
  spec: CheckSpec;
  points: number;
  cases: PreparedCase[];
  driverSource: string;
}

export interface PreparedMistake extends MistakeSpec {
  id: string;
  module: unknown;
}

export interface PreparedExercise {
  exercise: Exercise;
  checks: PreparedCheck[];
  mistakes: PreparedMistake[];
  /** The mistake's answers for every input of `check` (computed on first use, then cached). */
  mistakeAnswers(id: string, check: PreparedCheck): CallOutcome[] | undefined;
}

const cache = new Map<string, Promise<PreparedExercise>>();

export function getPrepared(exercise: Exercise): Promise<PreparedExercise> {
  const key = `${exercise.id}@${exercise.version}`;
  let p = cache.get(key);
  if (!p) {
    p = prepareExercise(exercise);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

export async function importChecks(exercise: Exercise): Promise<ExerciseChecks> {
  // The version in the URL makes an edited checks.ts load afresh instead of from the module cache.
  const mod = (await import(`${pathToFileURL(exercise.files.checks).href}?v=${exercise.version}`)) as { default?: ExerciseChecks };
  const spec = mod.default;
  if (!spec || !Array.isArray(spec.checks)) throw new Error(`${exercise.files.checks}: the default export must be defineChecks({ checks: [...] })`);
  return spec;
}

export async function prepareExercise(exercise: Exercise): Promise<PreparedExercise> {
  const spec = await importChecks(exercise);
  const names = new Set<string>();
  const checks: PreparedCheck[] = spec.checks.map((check) => {
    if (names.has(check.name)) throw new Error(`${exercise.files.checks}: two checks are named "${check.name}"`);
    names.add(check.name);
    const inputs = typeof check.inputs === 'function' ? check.inputs(inputRng(`${exercise.id}/${check.name}`)) : check.inputs;
    const cases = inputs.map((input) => ({
      input,
      expected: check.expected ? check.expected(structuredClone(input)) : undefined,
      numeric: check.numeric ? check.numeric(structuredClone(input)) : undefined,
    }));
    if (!check.expected && !check.judge) throw new Error(`${exercise.files.checks}: check "${check.name}" needs expected() or judge()`);
    refuseClosures(exercise, check);
    return { spec: check, points: check.points ?? 1, cases, driverSource: driverSource(check.call) };
  });

  const mistakes: PreparedMistake[] = [];
  for (const file of exercise.files.mistakes) {
    const hint = spec.mistakes?.[file.id];
    if (!hint) continue; // validation reports mistakes without a catalogued hint
    let source: string;
    try {
      source = readMistakeSource(exercise.files.solution, file.path);
    } catch {
      continue; // validation reports a patch that no longer applies, at its hunk
    }
    mistakes.push({ id: file.id, ...hint, module: await importSource(source) });
  }

  const answers = new Map<string, CallOutcome[]>();
  return {
    exercise,
    checks,
    mistakes,
    mistakeAnswers(id, check) {
      const key = `${id}\0${check.spec.name}`;
      let out = answers.get(key);
      if (!out) {
        const mistake = mistakes.find((m) => m.id === id);
        if (!mistake) return undefined;
        const runner = hostRunner(mistake.module);
        out = check.cases.map((c) => runner.call(check.driverSource, check.spec.call, c.input));
        answers.set(key, out);
      }
      return out;
    },
  };
}

/**
 * A check whose call uses a name from outside itself: only the call's text reaches the sandbox, so
 * it would work on the host and throw ReferenceError there on every input.
 */
export class CallClosureError extends Error {
  constructor(
    readonly check: string,
    readonly names: string[],
    file: string,
  ) {
    const list = names.map((n) => `\`${n}\``).join(', ');
    super(
      `${file}: check "${check}": its call uses ${list}, defined outside the call. Only the call's own text runs in the sandbox, where ${names.length > 1 ? 'these names do' : 'this name does'} not exist: declare what it needs inside the call (or pass it in the input).`,
    );
    this.name = 'CallClosureError';
  }
}

function refuseClosures(exercise: Exercise, check: CheckSpec): void {
  let names: string[];
  try {
    names = freeVariables(callText(check.call));
  } catch {
    return; // text the parser does not read (a native function): the sandbox reports it when run
  }
  if (names.length > 0) throw new CallClosureError(check.name, names, exercise.files.checks);
}

/**
 * A trusted learner-shaped module from its TypeScript text (a mistake is the solution with its patch
 * applied, so there is no file to import). Learner modules import nothing, so a data: URL suffices.
 */
export async function importSource(source: string): Promise<unknown> {
  const { code } = transformSync(source, { loader: 'ts', format: 'esm' });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** The input in one line of words, in the student's language (only the failing input is described). */
export function inputText(check: PreparedCheck, c: PreparedCase, locale: Locale): string {
  return check.spec.describe ? check.spec.describe(structuredClone(c.input), locale) : describeInput(c.input);
}

/** Compact, readable JSON: numbers to 6 significant digits, long arrays elided. */
export function describeInput(input: unknown, budget = 400): string {
  const text = JSON.stringify(input, (_k, v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(6)) : v));
  if (text === undefined) return String(input);
  return text.length > budget ? `${text.slice(0, budget)}…` : text;
}
