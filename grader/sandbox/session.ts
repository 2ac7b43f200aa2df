import { originalPositionFor, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping';
import type IsolatedVM from 'isolated-vm';
import { loadEngine } from './engine';
import { LEARNER_SCRIPT_FILE, MODULE_PREFIX, MODULE_SUFFIX, PRELUDE, PRELUDE_FILE } from './prelude';
import { monitor } from './watchdog';
import { decodeValue, encodeInput, Opaque, WireError, type Plain } from './wire';

const { ivm } = loadEngine();

/**
 * A learner session: one fresh isolate with the learner's module loaded, called check by check.
 * Runs only inside a sandbox child process (it loads isolated-vm); the pool talks to it through
 * grade.ts. Nothing from the host enters the isolate — only strings and numbers go in, and results
 * come back as one bounded JSON string that is validated here (see prelude.ts and wire.ts).
 */

export { Opaque, type Plain };

export interface SessionLimits {
  /** isolate heap limit */
  memoryMb: number;
  /** CPU time for loading the module and for each call, covering microtasks it queues */
  checkTimeMs: number;
  /** console output kept per session; later output is dropped */
  consoleBytes: number;
  /** largest encoded value one call may return */
  outputBytes: number;
}

export type Failure =
  | { kind: 'runtime_error'; message: string; line?: number; column?: number }
  | { kind: 'timeout'; message: string }
  | { kind: 'memory_limit'; message: string };

export interface ConsoleOutput {
  text: string;
  truncated: boolean;
}

export type CallResult =
  | {
      ok: true;
      value: Plain;
      /** The input as the call left it; the caller's own `input` object when the call did not change it. */
      inputAfter: Plain;
      timeMs: number;
    }
  | { ok: false; failure: Failure; timeMs: number };

export interface LearnerSession {
  /**
   * Runs `driverSource` — the source of a self-contained JS function `(m, input) => result`, where
   * m is the learner module's exports — on a fresh copy of `input` inside the isolate.
   */
  call(driverSource: string, input: unknown): CallResult;
  /** CPU time the learner's isolate has used so far (loading and every call), in ms. */
  cpuMs(): number;
  console(): ConsoleOutput;
  dispose(): void;
}

export type OpenResult = { ok: true; session: LearnerSession } | { ok: false; failure: Failure; console: ConsoleOutput };

type Api = IsolatedVM.Reference<(op: string, a?: unknown, b?: unknown, c?: unknown) => unknown>;

interface Fresh {
  isolate: IsolatedVM.Isolate;
  context: IsolatedVM.Context;
  api: Api;
  memoryMb: number;
}

// V8's code cache for the prelude: compiled once per process, reused by every isolate.
let preludeCache: IsolatedVM.ExternalCopy<ArrayBuffer> | undefined;
// One isolate made ahead of time, so a grading does not wait for isolate creation.
let spare: Fresh | undefined;

function createFresh(memoryMb: number): Fresh {
  // No onCatastrophicError handler: isolated-vm would call it through this (blocked) thread and
  // then sleep forever. Without one, a V8 out-of-memory it cannot contain aborts the process at
  // once, and the pool reports memory_limit and starts a fresh child.
  const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, memoryMb) });
  try {
    const context = isolate.createContextSync();
    const script = isolate.compileScriptSync(PRELUDE, {
      filename: PRELUDE_FILE,
      ...(preludeCache ? { cachedData: preludeCache } : { produceCachedData: true }),
    });
    const compiled = script as IsolatedVM.Script & { cachedData?: IsolatedVM.ExternalCopy<ArrayBuffer>; cachedDataRejected?: boolean };
    if (!preludeCache && compiled.cachedData) preludeCache = compiled.cachedData;
    else if (compiled.cachedDataRejected) preludeCache = undefined;
    const api = script.runSync(context, { reference: true, release: true }) as Api;
    return { isolate, context, api, memoryMb };
  } catch (err) {
    isolate.dispose();
    throw err;
  }
}

/** Makes the next session's isolate now, while the child is idle. */
export function prewarm(memoryMb = 64): void {
  if (spare && (spare.memoryMb !== memoryMb || spare.isolate.isDisposed)) {
    disposeQuietly(spare.isolate);
    spare = undefined;
  }
  if (!spare) spare = createFresh(memoryMb);
}

function takeFresh(memoryMb: number): Fresh {
  const s = spare;
  spare = undefined;
  if (s && s.memoryMb === memoryMb && !s.isolate.isDisposed) return s;
  if (s) disposeQuietly(s.isolate);
  return createFresh(memoryMb);
}

export function openSession(js: string, map: unknown, limits: SessionLimits): OpenResult {
  const session = new IsolateSession(takeFresh(limits.memoryMb), map, limits);
  const failure = session.load(js);
  if (failure) {
    const output = session.console();
    session.dispose();
    return { ok: false, failure, console: output };
  }
  return { ok: true, session };
}

const IMPORTS_MESSAGE = 'imports are not available in exercises; write everything in this one file';

class IsolateSession implements LearnerSession {
  private dead: Failure | undefined;
  private disposed = false;
  private lastConsole: ConsoleOutput = { text: '', truncated: false };
  private traceMap: TraceMap | null | undefined;
  /** CPU time of the learner's calls that counted (not attempts a starved wall clock stopped). */
  private learnerCpuMs = 0;

  constructor(
    private readonly fresh: Fresh,
    private readonly map: unknown,
    private readonly limits: SessionLimits,
  ) {}

  cpuMs(): number {
    return this.learnerCpuMs;
  }

  /**
   * Runs `work` (synchronous calls into the isolate, each given `timeout`) under the CPU-time limit.
   * isolated-vm's timeout is wall-clock: when it stops the work before the isolate used its CPU
   * limit, the machine was busy, not the code slow — the work runs again (after `rewind`) with a
   * wall-clock timeout fitted to the CPU share it got. Only work that used its whole CPU limit
   * ends in the timeout error.
   */
  private underCpuLimit<T>(work: (timeout: number) => T, rewind: () => void): T {
    const limit = this.limits.checkTimeMs;
    let wall = limit * 1.1 + 20;
    for (let attempt = 1; ; attempt++) {
      const cpu0 = processCpuMs();
      const wall0 = performance.now();
      monitor.begin(limit);
      try {
        const out = work(Math.ceil(wall));
        this.learnerCpuMs += processCpuMs() - cpu0;
        return out;
      } catch (err) {
        if (!isTimeout(err) || this.fresh.isolate.isDisposed) {
          this.learnerCpuMs += processCpuMs() - cpu0;
          throw err;
        }
        // Stopped while V8 was fighting for memory (collecting garbage over and over near the
        // limit): the engine's own heap figures say it, and no learner message can.
        if (this.nearMemoryLimit()) throw new MemoryExhausted();
        const cpu = processCpuMs() - cpu0;
        if (process.env.DELTALAB_DEBUG_CPU) process.stderr.write(`[sandbox] attempt ${attempt}: ${cpu.toFixed(0)} ms CPU in ${(performance.now() - wall0).toFixed(0)} ms (timeout ${Math.ceil(wall)} ms, limit ${limit} ms)\n`);
        if (cpu >= limit || attempt >= MAX_ATTEMPTS) {
          this.learnerCpuMs += cpu;
          throw err;
        }
        const share = Math.max(0.01, cpu / Math.max(1, performance.now() - wall0));
        wall = Math.min((limit / share) * 1.5 + 50, limit * 200 + 60_000);
        rewind();
      } finally {
        monitor.end();
      }
    }
  }

  load(js: string): Failure | undefined {
    const { isolate, context, api } = this.fresh;
    try {
      api.applySync(undefined, ['init', Math.max(0, this.limits.consoleBytes), Math.max(1024, this.limits.outputBytes)]);
      const script = isolate.compileScriptSync(MODULE_PREFIX + js + MODULE_SUFFIX, { filename: LEARNER_SCRIPT_FILE, lineOffset: -1 });
      const text = this.underCpuLimit(
        (timeout) => {
          const factory = script.runSync(context, { reference: true, release: false, timeout }) as IsolatedVM.Reference<unknown>;
          return api.applySync(undefined, ['load', factory.derefInto({ release: true })], { timeout });
        },
        () => this.rewind(),
      );
      const envelope = parseEnvelope(text);
      if (envelope.ok) return undefined;
      return this.kill(this.runtimeFailure(envelope.message, envelope.stack, envelope.memory));
    } catch (err) {
      return this.kill(this.hostFailure(err));
    }
  }

  call(driverSource: string, input: unknown): CallResult {
    if (this.dead) return { ok: false, failure: this.dead, timeMs: 0 };
    const { json, patches } = encodeInput(input);
    const started = performance.now();
    let text: unknown;
    let importTried: unknown;
    try {
      [text, importTried] = this.underCpuLimit(
        (timeout) => [
          this.fresh.api.applySync(undefined, ['call', driverSource, json, patches], { timeout }),
          // A dynamic import fails in a microtask, after the call returned: ask once the queue is empty.
          this.fresh.api.applySync(undefined, ['imports'], { timeout }),
        ],
        () => this.rewind(),
      );
    } catch (err) {
      return { ok: false, failure: this.kill(this.hostFailure(err)), timeMs: elapsed(started) };
    }
    const timeMs = elapsed(started);
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(text);
    } catch (err) {
      return { ok: false, failure: this.hostFailure(err), timeMs };
    }
    if (importTried === true) return { ok: false, failure: { kind: 'runtime_error', message: IMPORTS_MESSAGE }, timeMs };
    if (!envelope.ok) {
      const failure = this.runtimeFailure(envelope.message, envelope.stack, envelope.memory);
      if (failure.kind !== 'runtime_error') this.kill(failure);
      return { ok: false, failure, timeMs };
    }
    // An input the call left as it came is reported as the caller's own object.
    return { ok: true, value: envelope.value, inputAfter: envelope.same ? (input as Plain) : envelope.after, timeMs };
  }

  private nearMemoryLimit(): boolean {
    try {
      // The heap V8 holds (total), not only what the last collection left in use: a heap thrashing
      // near its limit shrinks `used` after each collection but keeps its size.
      const h = this.fresh.isolate.getHeapStatisticsSync() as { used_heap_size: number; total_heap_size: number; externally_allocated_size?: number };
      const held = Math.max(h.used_heap_size, h.total_heap_size) + (h.externally_allocated_size ?? 0);
      return held > NEAR_MEMORY_LIMIT * this.limits.memoryMb * 1024 * 1024;
    } catch {
      return false;
    }
  }

  /** Drops what a stopped attempt printed, so the run that follows does not print it twice. */
  private rewind(): void {
    try {
      this.fresh.api.applySync(undefined, ['rewind'], { timeout: 1000 });
    } catch {
      // the isolate is gone; nothing to rewind
    }
  }

  console(): ConsoleOutput {
    if (!this.disposed && !this.fresh.isolate.isDisposed) {
      try {
        const text = this.fresh.api.applySync(undefined, ['console'], { timeout: 100 });
        if (typeof text === 'string' && text.length > 0) {
          this.lastConsole = { text: text.slice(1), truncated: text[0] === '1' };
        }
      } catch {
        // The isolate is gone or busy for good; keep what was read last.
      }
    }
    return { ...this.lastConsole };
  }

  dispose(): void {
    if (this.disposed) return;
    this.console();
    this.disposed = true;
    this.dead ??= { kind: 'runtime_error', message: 'the session is closed' };
    // Tearing an isolate down waits for V8's background compiler (a few ms after a busy grading),
    // so it happens once the current task is over and the result is on its way.
    const { isolate } = this.fresh;
    setImmediate(() => disposeQuietly(isolate));
  }

  private kill(failure: Failure): Failure {
    if (failure.kind !== 'runtime_error') this.dead = failure;
    else if (!this.dead && this.fresh.isolate.isDisposed) this.dead = failure;
    return failure;
  }

  /**
   * What the engine said when a call ended abnormally. These messages come from isolated-vm on the
   * host side, never from learner code (whose errors arrive inside the envelope).
   */
  private hostFailure(err: unknown): Failure {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof MemoryExhausted || this.fresh.isolate.isDisposed || /memory limit/i.test(message)) {
      return { kind: 'memory_limit', message: `ran out of memory (limit ${this.limits.memoryMb} MB)` };
    }
    if (isTimeout(err)) return { kind: 'timeout', message: `used more than ${this.limits.checkTimeMs} ms of CPU time` };
    if (err instanceof WireError) return { kind: 'runtime_error', message: 'the result could not be read' };
    // Anything else comes from V8 refusing the code itself (e.g. a syntax it does not support).
    return { kind: 'runtime_error', message: firstLine(message) };
  }

  /**
   * A learner error. `memory` is set only by the prelude's allocation guard when the engine really
   * refused a buffer; the message text is never evidence (learner code can throw any message).
   */
  private runtimeFailure(message: string, stack: string, memory = false): Failure {
    if (memory) return { kind: 'memory_limit', message: `ran out of memory: ${message}` };
    const where = this.locate(stack);
    return where ? { kind: 'runtime_error', message, ...where } : { kind: 'runtime_error', message };
  }

  /** The innermost frame of the learner's code, as a 1-based line and column of their file. */
  private locate(stack: string): { line: number; column: number } | undefined {
    if (!stack) return undefined;
    if (this.traceMap === undefined) {
      try {
        this.traceMap = new TraceMap(this.map as SourceMapInput);
      } catch {
        this.traceMap = null;
      }
    }
    if (!this.traceMap) return undefined;
    for (const line of stack.split('\n').slice(0, 40)) {
      if (!/^\s*at /.test(line)) continue;
      const m = /learner\.js:(\d+):(\d+)\)?\s*$/.exec(line);
      if (!m) continue;
      const pos = originalPositionFor(this.traceMap, { line: Number(m[1]), column: Number(m[2]) - 1 });
      if (pos.line !== null && pos.line > 0) return { line: pos.line, column: pos.column + 1 };
    }
    return undefined;
  }
}

type Envelope = { ok: true; value: Plain; after: Plain; same: boolean } | { ok: false; message: string; stack: string; memory: boolean };

/** Validates the isolate's answer: exactly the shapes prelude.ts writes, nothing else. */
function parseEnvelope(text: unknown): Envelope {
  if (typeof text !== 'string') throw new WireError('not a string');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WireError('not JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new WireError('not an object');
  const env = raw as Record<string, unknown>;
  if (env.ok === 1) {
    if (!('value' in env)) return { ok: true, value: undefined, after: undefined, same: true };
    if (env.same === 1) return { ok: true, value: decodeValue(env.value, 0), after: undefined, same: true };
    return { ok: true, value: decodeValue(env.value, 0), after: decodeValue(env.after, 0), same: false };
  }
  if (env.ok === 0) {
    const error = env.error as Record<string, unknown> | null;
    if (error === null || typeof error !== 'object' || typeof error.message !== 'string' || typeof error.stack !== 'string') {
      throw new WireError('bad error');
    }
    return { ok: false, message: error.message, stack: error.stack, memory: env.memory === 1 };
  }
  throw new WireError('bad envelope');
}

/**
 * CPU time of this process in ms: the learner's calls run on its main thread (sync calls), and
 * V8's helper threads collecting their garbage are its threads too. isolated-vm's `cpuTime`
 * cannot serve: for sync calls it advances with the wall clock (measured: 8.6 s for 0.4 s of CPU
 * with six busy processes on two cores).
 */
function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Share of the memory limit in use, when a timeout stops a call, that makes it a memory verdict. */
const NEAR_MEMORY_LIMIT = 0.75;

class MemoryExhausted extends Error {}

/** Attempts of one call stopped by a starved wall clock before it counts as a timeout anyway. */
const MAX_ATTEMPTS = 8;

/** isolated-vm's own message when a timeout stopped a script (learner errors never reach the host as exceptions). */
function isTimeout(err: unknown): boolean {
  return err instanceof Error && /timed out/i.test(err.message);
}

function disposeQuietly(isolate: IsolatedVM.Isolate): void {
  try {
    if (!isolate.isDisposed) isolate.dispose();
  } catch {
    // already gone
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
