import { getCatalog, type Exercise } from '../lib/content/loader';
import { getPrepared, type PreparedExercise } from './harness/prepare';
import { compileMessage, said, told } from './harness/messages';
import { runChecks } from './harness/run';
import type { Runner } from './harness/runner';
import { GradingJob, fatalResult, type GradingResult, type Status } from './results';
import type { openSession, SessionLimits } from './sandbox/session';
import type { transpile } from './sandbox/transpile';

/**
 * One grading, start to end: find the exercise, transpile the learner's TypeScript, open a fresh
 * sandbox session, run the checks the mode asks for, and sum up. Runs inside a sandbox child; the
 * sandbox functions are passed in so this file never loads isolated-vm itself.
 */
export interface Sandbox {
  transpile: typeof transpile;
  openSession: typeof openSession;
}

export async function gradeJob(jobInput: GradingJob, sandbox: Sandbox): Promise<GradingResult> {
  const started = performance.now();
  const job = GradingJob.parse(jobInput);
  const { locale } = job;
  const exercise = getCatalog().allById.get(job.exerciseId);
  if (!exercise) return fatalResult(job, 'runtime_error', said('unknownExercise', { id: job.exerciseId }));

  let prepared: PreparedExercise;
  try {
    prepared = await getPrepared(exercise);
  } catch (err) {
    console.error(`[grader] ${exercise.id}: checks failed to load:`, err);
    return fatalResult(job, 'runtime_error', said('brokenExercise'), { version: exercise.version });
  }
  const selected = prepared.checks.filter((c) => job.mode === 'submit' || (c.spec.visibility ?? 'hidden') === 'example');
  // One authority for what an exercise is worth: its front matter `points`, which the exercise page
  // and the gradebook show. A check's `points` is only its share of that (the page said "10 points"
  // while the feedback said "2 / 11 points" when the checks' points summed to 11).
  const weights = prepared.checks.reduce((s, c) => s + c.points, 0);
  const scale = weights > 0 ? exercise.points / weights : 1;
  const maxPoints = round2(selected.reduce((s, c) => s + c.points, 0) * scale);
  const base = { exercise: exercise.id, version: exercise.version, mode: job.mode, maxPoints } as const;
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  const { limits } = exercise;

  const bytes = Buffer.byteLength(job.code, 'utf8');
  if (bytes > limits.sourceBytes) {
    const message = said('tooLarge', { size: Math.ceil(bytes / 1024), limit: Math.floor(limits.sourceBytes / 1024) });
    const result = fatalResult(job, 'compile_error', message, { ...base, timeMs: elapsed() });
    return { ...result, compileErrors: [{ line: 1, column: 1, message: result.summary }] };
  }

  const compiled = sandbox.transpile(job.code, { locale });
  if (!compiled.ok) {
    // The compiler's own words, in both languages: the page shows the reader's.
    const errors = compiled.errors.map((e) => ({ ...e, message: compileMessage(e.message, locale), messageI18n: { en: e.message, zh: compileMessage(e.message, 'zh') } }));
    const first = errors[0];
    const message = said('compileError', { message: first ? said('compileAt', { message: first.messageI18n, line: first.line, column: first.column }) : '' });
    return { ...fatalResult(job, 'compile_error', message, { ...base, timeMs: elapsed() }), compileErrors: errors };
  }

  const sessionLimits: SessionLimits = {
    memoryMb: limits.memoryMb,
    checkTimeMs: limits.checkTimeMs,
    consoleBytes: limits.consoleBytes,
    outputBytes: 1024 * 1024,
  };
  const opened = sandbox.openSession(compiled.js, compiled.map, sessionLimits);
  if (!opened.ok) {
    const f = opened.failure;
    const status: Status = f.kind;
    const message =
      f.kind === 'runtime_error'
        ? said('loadError', { message: f.message })
        : f.kind === 'timeout'
          ? said('timeout', { ms: limits.checkTimeMs })
          : said('memory', { mb: limits.memoryMb });
    const result = fatalResult(job, status as Exclude<Status, 'passed' | 'failed' | 'grading_failed'>, message, { ...base, timeMs: elapsed() });
    if (f.kind === 'runtime_error') result.runtimeError = { kind: 'runtime_error', message: f.message, line: f.line, column: f.column };
    return { ...result, console: opened.console };
  }

  const session = opened.session;
  try {
    const runner: Runner = { call: (source, _driver, input) => session.call(source, input) };
    const outcome = runChecks(prepared, selected, runner, {
      locale,
      totalTimeMs: limits.totalTimeMs,
      checkTimeMs: limits.checkTimeMs,
      memoryMb: limits.memoryMb,
      matchMistakes: true,
      // The budget is CPU time of the learner's isolate: the same verdict on an idle and a busy machine.
      clock: () => session.cpuMs(),
    });
    const rawMax = selected.reduce((s, c) => s + c.points, 0);
    const rawPoints = outcome.checks.reduce((s, c) => s + c.points, 0);
    const score = rawMax > 0 ? rawPoints / rawMax : 0;
    const points = round2(rawPoints * scale);
    const checks = outcome.checks.map((c) => ({ ...c, points: round2(c.points * scale), maxPoints: round2(c.maxPoints * scale) }));
    const passedCount = checks.filter((c) => c.passed).length;
    const status: Status =
      score >= 1 && !outcome.fatal
        ? 'passed'
        : outcome.fatal
          ? outcome.fatal.kind
          : outcome.anyRuntimeError
            ? 'runtime_error'
            : 'failed';
    const n = outcome.checks.length;
    const summary =
      status === 'passed'
        ? told(said(job.mode === 'check' ? 'examplesPassed' : 'allPassed', { n }), locale)
        : outcome.fatal
          ? { message: outcome.fatal.message, messageI18n: outcome.fatal.messageI18n }
          : told(said('somePassed', { passed: passedCount, n, points: round2(points), max: round2(maxPoints) }), locale);
    const firstError = checks.find((c) => c.error)?.error;
    return {
      ...base,
      status,
      score: Math.min(1, Math.max(0, score)),
      points,
      summary: summary.message,
      ...(summary.messageI18n && { summaryI18n: summary.messageI18n }),
      checks,
      compileErrors: [],
      runtimeError: outcome.fatal ?? firstError,
      console: session.console(),
      timeMs: elapsed(),
    };
  } finally {
    session.dispose();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export type { Exercise };
