import { setFlagsFromString } from 'node:v8';
import { getCatalog } from '../../lib/content/loader';
import { gradeJob, type Sandbox } from '../grade';
import { getPrepared } from '../harness/prepare';
import { fatalResult, GradingJob } from '../results';
import { said } from '../harness/messages';
import type { FromChild, ToChild } from './protocol';
import { openSession, prewarm } from './session';
import { transpile } from './transpile';
import { hardLimitMs, startCpuMonitor } from './watchdog';

/**
 * A sandbox child process: started by the pool (grader/pool.ts), it grades one job at a time and
 * answers over IPC. Learner code runs only inside the isolates that session.ts creates here; this
 * process can be killed at any moment, and the pool will start another.
 */

if (!process.send) {
  process.stderr.write('grader/sandbox/child.ts is started by grader/pool.ts, not directly\n');
  process.exit(2);
}

// The parent is gone (even if it was killed): nobody is waiting for our results.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (err) => die('uncaught exception', err));
process.on('unhandledRejection', (err) => die('unhandled rejection', err));

// stdout is not ours to write: anything the grader logs goes to stderr, which the pool reads.
console.log = console.info = console.debug = console.error;

// Resizable and growable ArrayBuffers reserve memory outside the isolate's allocator, where its
// memory limit does not count it: isolates of this process are made without them (the prelude also
// removes `resize`, for V8 versions without this flag).
setFlagsFromString('--no-harmony-rab-gsab');

/** CPU time for host work in a grading (loading checks, reference answers, comparing), beyond the learner's budget. */
const HOST_ALLOWANCE_MS = 20_000;

let memoryMb = 64;
const sandbox: Sandbox = {
  transpile,
  openSession: (js, map, limits) => {
    memoryMb = limits.memoryMb;
    return openSession(js, map, limits);
  },
};

const inbox: ToChild[] = [];
let working = false;

process.on('message', (msg: unknown) => {
  const m = msg as Partial<ToChild> | null;
  if (!m || m.type !== 'grade' || typeof m.id !== 'number') return;
  inbox.push(m as ToChild);
  if (!working) void drain();
});

async function drain(): Promise<void> {
  working = true;
  while (inbox.length > 0) {
    const { id, job } = inbox.shift()!;
    // Always, and before the learner's code runs: the pool waits for this message (see `budgets`).
    send({ type: 'budget', id, cpuMs: budgetOf(job) });
    send({ type: 'result', id, result: await gradeSafely(job) });
    // Make the next grading's isolate while nobody waits.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (inbox.length === 0) prewarmQuietly();
  }
  working = false;
}

async function gradeSafely(job: GradingJob) {
  try {
    return await gradeJob(job, sandbox);
  } catch (err) {
    process.stderr.write(`[sandbox] grading ${safeId(job)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    const parsed = GradingJob.safeParse(job);
    const base = parsed.success ? parsed.data : { exerciseId: safeId(job), mode: 'check' as const };
    return fatalResult(base, 'runtime_error', said('childFailed'));
  }
}

/**
 * The CPU time a grading of this job may use in all: the exercise's budget for the learner's code,
 * plus one call that starts just before it runs out, plus the host's own work.
 */
function budgetOf(job: GradingJob): number | undefined {
  try {
    const limits = getCatalog().allById.get(job.exerciseId)?.limits;
    return limits ? limits.totalTimeMs + hardLimitMs(limits.checkTimeMs) + HOST_ALLOWANCE_MS : undefined;
  } catch {
    return undefined;
  }
}

function send(message: FromChild): void {
  process.send!(message);
}

function prewarmQuietly(): void {
  try {
    prewarm(memoryMb);
  } catch (err) {
    process.stderr.write(`[sandbox] prewarm failed: ${String(err)}\n`);
  }
}

function safeId(job: unknown): string {
  const id = (job as { exerciseId?: unknown } | null)?.exerciseId;
  return typeof id === 'string' ? id.slice(0, 100) : 'unknown';
}

function die(what: string, err: unknown): never {
  process.stderr.write(`[sandbox] ${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(70);
}

/** Loads esbuild and isolated-vm and runs one trivial module, so the first real grading is fast. */
function warmUp(): void {
  const compiled = transpile('export function id(x: number): number { return x; }');
  if (!compiled.ok) throw new Error('the warm-up module does not compile');
  const opened = openSession(compiled.js, compiled.map, { memoryMb, checkTimeMs: 1000, consoleBytes: 1024, outputBytes: 1024 });
  if (!opened.ok) throw new Error(`the warm-up module does not load: ${opened.failure.message}`);
  const out = opened.session.call('(m, x) => m.id(x)', 1);
  opened.session.dispose();
  if (!out.ok || out.value !== 1) throw new Error('the warm-up call failed');
  prewarm(memoryMb);
}

/**
 * Loads every exercise's checks and reference answers in the background, one at a time and only
 * while no grading runs; a grading that needs one sooner simply waits for it. Set
 * DELTALAB_GRADER_PRELOAD=0 to prepare exercises only when first graded.
 */
async function prepareAll(): Promise<void> {
  if (process.env.DELTALAB_GRADER_PRELOAD === '0') return;
  let exercises;
  try {
    exercises = getCatalog().all;
  } catch {
    return;
  }
  for (const exercise of exercises) {
    while (working || inbox.length > 0) await new Promise<void>((resolve) => setTimeout(resolve, 20));
    await getPrepared(exercise).catch(() => undefined);
  }
}

startCpuMonitor();
warmUp();
send({ type: 'ready', pid: process.pid, budgets: true });
setTimeout(() => void prepareAll(), 10);
