import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * CPU-time limits for learner calls. Wall-clock time says nothing about learner code on a busy
 * machine (a correct solution must not time out because other processes took the cores), so
 * limits are CPU time, in two layers:
 *
 * 1. session.ts runs each call under isolated-vm's (wall-clock) timeout, then reads the
 *    CPU time (the child process's, around the call): a call stopped before it used its CPU limit was starved, not slow, and runs again
 *    with a longer wall-clock timeout fitted to the CPU share it got. Only a call that used its
 *    whole CPU limit is a timeout.
 * 2. For work V8 cannot interrupt (a built-in such as `lastIndexOf` on a length of 2**40 ignores
 *    termination), a Node worker thread of the child process reads the process's CPU time while a
 *    call runs; once the call has used its limit plus a grace, it tells the pool on stderr
 *    (`CPU_LIMIT_MARKER`), and the pool kills the child and answers `timeout`.
 *
 * The main thread tells the worker when a call starts and ends with two atomic stores in shared
 * memory (no system call), so the cost per call is negligible.
 */

/** The line the hard layer writes to stderr; the pool watches for it (grader/pool/child.ts). */
export const CPU_LIMIT_MARKER = '@@deltalab:cpu-limit';

/** How far past its limit a call may run before the hard layer gives up on V8 stopping it. */
export function hardLimitMs(limitMs: number): number {
  return Math.round(limitMs * 1.5 + 250);
}

// ---- the hard layer: a Node worker thread that reads the process's CPU time ----

// Int32 words: 0 = generation << 1 | in-call, 1 = the call's limit in ms, 2 = never changes (to sleep on).
const monitorWords = new Int32Array(new SharedArrayBuffer(12));

/** Marks the start and end of a learner call for the hard layer (no-ops where it is not started). */
export const monitor = {
  gen: 0,
  begin(limitMs: number): void {
    this.gen = (this.gen + 1) & 0x3fffffff;
    Atomics.store(monitorWords, 1, Math.min(0x7fffffff, Math.ceil(limitMs)));
    Atomics.store(monitorWords, 0, (this.gen << 1) | 1);
  },
  end(): void {
    Atomics.store(monitorWords, 0, this.gen << 1);
  },
};

const MONITOR_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const words = new Int32Array(workerData.sab);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let seen = -1;
let since = 0;
let reported = -1;
for (;;) {
  Atomics.wait(words, 2, 0, ${20});
  const v = Atomics.load(words, 0);
  if ((v & 1) === 0) { seen = -1; continue; }
  // The call's start is taken when first seen: at most one sleep late, which the grace covers.
  if (v !== seen) { seen = v; since = cpu(); continue; }
  const limit = Atomics.load(words, 1);
  const used = cpu() - since;
  if (used > limit * 1.5 + 250 && reported !== v) {
    reported = v;
    writeSync(2, '\\n' + workerData.marker + ' ' + Math.round(used) + ' ' + limit + '\\n');
  }
}`;

let monitorThread: Worker | undefined;

/**
 * Starts the hard layer in this process (sandbox children only: it reports to the pool on stderr).
 * Call once, before the first grading.
 */
export function startCpuMonitor(): void {
  if (monitorThread) return;
  monitorThread = new Worker(MONITOR_SOURCE, { eval: true, workerData: { sab: monitorWords.buffer, marker: CPU_LIMIT_MARKER } });
  monitorThread.unref();
  monitorThread.on('error', (err) => {
    writeSync(2, `[sandbox] CPU monitor failed: ${String(err)}\n`);
  });
}
