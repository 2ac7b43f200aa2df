import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fatalResult, GradingJob, GradingResult, type Locale, type Mode } from './results';
import { said } from './harness/messages';
import type { FromChild, ToChild } from './sandbox/protocol';
import { CPU_LIMIT_MARKER } from './sandbox/watchdog';

/**
 * The grader pool: warm sandbox child processes (grader/sandbox/child.ts), one grading at a time
 * each, a bounded queue in front of them served round-robin by owner (student), warm spare
 * children, and a watchdog. Limits are CPU time, never wall-clock time: a child whose grading uses
 * more CPU time than its exercise allows, or whose call runs past its CPU limit in work V8 cannot
 * interrupt (the child reports it, watchdog.ts), is killed with a `timeout` verdict; wall-clock
 * time only decides when to look again. One that crashes, exits or answers with anything but a
 * valid GradingResult is replaced. Either way the student gets exactly one verdict, a spare child
 * takes the next grading at once, and nothing else is lost.
 *
 * Runs in the web server, the queue worker and the CLI. It never loads isolated-vm: learner code
 * runs only in the children.
 */

export interface PoolOptions {
  /** Number of children (default: env DELTALAB_GRADER_POOL_SIZE, else os.availableParallelism()). */
  size?: number;
  /** Gradings allowed to wait for a child; beyond it `grade` rejects with PoolBusyError (default 256). */
  maxQueue?: number;
  /**
   * CPU time a grading may use before its exercise says how much it may use (the child reports the
   * exercise's budget as soon as it starts; default 10 000 ms). Measured from /proc on Linux; where
   * it cannot be read, it is a wall-clock limit.
   */
  deadlineMs?: number;
  /** Warm children kept beside `size`, ready to replace a killed one at once (default env DELTALAB_GRADER_SPARES, else 1). */
  spares?: number;
  /**
   * Children one owner (student) may occupy at once while they are the only one waiting or not
   * (default: half the pool, at least 1). Gradings without an owner are not capped.
   */
  maxPerOwner?: number;
  /** Gradings per child before a fresh one replaces it, without a gap in service (default 1000). */
  recycleAfter?: number;
  /** Module a child runs (default grader/sandbox/child.ts); tests substitute misbehaving children. */
  childModule?: string;
  /** Time a child has to report ready before it is killed (default 60 000 ms). */
  startTimeoutMs?: number;
  /**
   * Resident memory a grading child may reach before it is killed with a `memory_limit` verdict
   * (default env DELTALAB_GRADER_CHILD_MEMORY_MB, else 1024). A second line behind the isolate's
   * own heap limit: native allocations and engine bugs that the isolate does not count still end
   * in one verdict instead of a machine out of memory. Linux only (read from /proc).
   */
  childMemoryMb?: number;
}

export interface PoolStats {
  size: number;
  /** Warm spare children ready to replace a killed one. */
  spares?: number;
  idle: number;
  busy: number;
  queued: number;
  restarts: number;
  gradings: number;
}

export interface GradeOptions {
  /**
   * A hard wall-clock limit for this grading in ms, instead of the exercise's CPU-time budget
   * (tests and tools that must end by a given time; the site never sets it).
   */
  deadlineMs?: number;
  /**
   * Who the grading is for (a user id). Waiting gradings are served round-robin by owner, and one
   * owner occupies at most `maxPerOwner` children, so one student's queue never delays another's.
   */
  owner?: string;
}

export interface GraderPool {
  grade(job: GradingJob, opts?: GradeOptions): Promise<GradingResult>;
  stats(): PoolStats;
  close(): Promise<void>;
  /** Resolves when every child is warm; rejects if children cannot be started. */
  ready(): Promise<void>;
}

/** The queue is full: the caller should ask the student to try again shortly. */
export class PoolBusyError extends Error {
  constructor(queued: number) {
    super(`The grader is busy (${queued} gradings are waiting); please try again in a moment.`);
    this.name = 'PoolBusyError';
  }
}

/** Larger code is refused here, before it travels to a child (the per-exercise limit is far lower). */
const MAX_CODE_CHARS = 1024 * 1024;
/** Consecutive children that die before reporting ready before the pool gives up on waiting jobs. */
const MAX_START_FAILURES = 3;
const STDERR_TAIL = 8 * 1024;
/** What V8 and isolated-vm print when an isolate's memory could not be contained. */
const OOM_MARKER = /<--- Last few GCs --->|Fatal JavaScript|is_heap_oom|JavaScript heap out of memory|Catastrophic out-of-memory/;

type ParsedJob = { exerciseId: string; code: string; mode: Mode; locale: Locale };

interface Pending {
  id: number;
  job: ParsedJob;
  /** Round-robin key; '' for gradings without an owner. */
  owner: string;
  /** CPU time the grading may use, in ms: the caller's hard limit, or the exercise's budget once known. */
  cpuBudgetMs: number;
  /** Set by the caller (deadlineMs): the exercise's budget does not replace it. */
  hard: boolean;
  /** The child has told the exercise's own budget (or the caller set a hard one). */
  budgetKnown?: boolean;
  /** Times the grading was started again after its child stopped making progress. */
  retries: number;
  resolve(result: GradingResult): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
  startedAt?: number;
  /** The child's CPU time (ms) when it took the grading, and when the watchdog last looked. */
  cpuAtStart?: number;
  cpuAtLastLook?: number;
  /** When the watchdog last saw the child's CPU time grow (performance.now()). */
  progressAt?: number;
}

interface Child {
  proc: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'stopping';
  /** A warm spare: takes no grading until a working child is killed, then replaces it. */
  spare: boolean;
  current?: Pending;
  gradings: number;
  /** Replaced after recycleAfter gradings: serves until its successor is ready, then stops. */
  retiring: boolean;
  /** When it last became idle (performance.now()). */
  idleSince: number;
  everReady: boolean;
  /** Said in its `ready` message that it sends each grading's budget before running learner code. */
  sendsBudgets: boolean;
  oom: boolean;
  stderr: string;
  startTimer?: NodeJS.Timeout;
}

export function createPool(opts: PoolOptions = {}): GraderPool {
  return new Pool(opts);
}

class Pool implements GraderPool {
  private readonly size: number;
  private readonly spares: number;
  private readonly maxPerOwner: number;
  private readonly maxQueue: number;
  private readonly deadlineMs: number;
  private readonly recycleAfter: number;
  private readonly startTimeoutMs: number;
  private readonly childMemoryMb: number;
  private memoryWatch: NodeJS.Timeout | undefined;
  private readonly childModule: string;
  private readonly root: string;
  private readonly children = new Set<Child>();
  /** Waiting gradings by owner, and the owners in round-robin order. */
  private readonly queues = new Map<string, Pending[]>();
  private readonly turns: string[] = [];
  private queued = 0;
  private readonly identity: { uid: number; gid: number } | undefined;
  private readyWaiters: { resolve(): void; reject(err: Error): void }[] = [];
  private nextId = 1;
  private restarts = 0;
  private gradings = 0;
  private startFailures = 0;
  private startError: Error | undefined;
  private respawnTimer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(opts: PoolOptions) {
    this.size = Math.max(1, Math.floor(opts.size ?? envSize() ?? os.availableParallelism()));
    this.spares = Math.max(0, Math.floor(opts.spares ?? envSpares() ?? 1));
    this.maxPerOwner = Math.max(1, Math.floor(opts.maxPerOwner ?? Math.ceil(this.size / 2)));
    this.maxQueue = Math.max(0, opts.maxQueue ?? 256);
    this.deadlineMs = opts.deadlineMs ?? 10_000;
    this.recycleAfter = Math.max(1, opts.recycleAfter ?? 1000);
    this.startTimeoutMs = opts.startTimeoutMs ?? 60_000;
    this.childMemoryMb = opts.childMemoryMb ?? envMemoryMb() ?? 1024;
    this.root = findRoot();
    this.childModule = opts.childModule ?? path.join(/*turbopackIgnore: true*/ this.root, 'grader', 'sandbox', 'child.ts');
    this.identity = sandboxIdentity();
    livePools.add(this);
    this.ensureChildren();
  }

  grade(input: GradingJob, opts: GradeOptions = {}): Promise<GradingResult> {
    if (this.closed) return Promise.reject(new Error('The grader pool is closed.'));
    const parsed = GradingJob.safeParse(input);
    if (!parsed.success) return Promise.reject(new TypeError(`Invalid grading job: ${parsed.error.message}`));
    const job = parsed.data;
    if (job.code.length > MAX_CODE_CHARS) {
      const result = fatalResult(job, 'compile_error', said('poolTooLarge'));
      return Promise.resolve({ ...result, compileErrors: [{ line: 1, column: 1, message: result.summary }] });
    }
    if (this.startError && this.readyCount() === 0) return Promise.reject(this.startError);
    if (this.queued >= this.maxQueue) return Promise.reject(new PoolBusyError(this.queued));

    return new Promise<GradingResult>((resolve, reject) => {
      const hard = opts.deadlineMs !== undefined;
      const owner = typeof opts.owner === 'string' ? opts.owner.slice(0, 200) : '';
      this.enqueue({ id: this.nextId++, job, owner, cpuBudgetMs: opts.deadlineMs ?? this.deadlineMs, hard, retries: 0, resolve, reject });
      this.dispatch();
    });
  }

  private enqueue(p: Pending, front = false): void {
    let list = this.queues.get(p.owner);
    if (!list) {
      list = [];
      this.queues.set(p.owner, list);
      if (front) this.turns.unshift(p.owner);
      else this.turns.push(p.owner);
    }
    if (front) list.unshift(p);
    else list.push(p);
    this.queued++;
  }

  /** The next grading in round-robin order whose owner has a child free to them; removed from the queue. */
  private takeNext(): Pending | undefined {
    const running = new Map<string, number>();
    for (const c of this.children) if (c.current && c.current.owner) running.set(c.current.owner, (running.get(c.current.owner) ?? 0) + 1);
    for (let i = 0; i < this.turns.length; i++) {
      const owner = this.turns[i]!;
      if (owner && (running.get(owner) ?? 0) >= this.maxPerOwner) continue;
      const list = this.queues.get(owner)!;
      const p = list.shift()!;
      this.queued--;
      this.turns.splice(i, 1);
      if (list.length > 0) this.turns.push(owner);
      else this.queues.delete(owner);
      return p;
    }
    return undefined;
  }

  private drainQueue(): Pending[] {
    const all: Pending[] = [];
    for (const owner of this.turns.splice(0)) all.push(...(this.queues.get(owner) ?? []));
    this.queues.clear();
    this.queued = 0;
    return all;
  }

  stats(): PoolStats {
    let idle = 0;
    let busy = 0;
    let spares = 0;
    for (const c of this.children) {
      if (c.spare) {
        if (c.state === 'idle') spares++;
        continue;
      }
      if (c.state === 'idle') idle++;
      if (c.state === 'busy') busy++;
    }
    return { size: this.inService(), spares, idle, busy, queued: this.queued, restarts: this.restarts, gradings: this.gradings };
  }

  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The grader pool is closed.'));
    if (this.readyCount() >= this.size) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.readyWaiters.push({ resolve, reject });
      this.updateKeepAlive();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    livePools.delete(this);
    clearTimeout(this.respawnTimer);
    clearInterval(this.memoryWatch);
    this.memoryWatch = undefined;
    const closedError = new Error('The grader pool is closed.');
    for (const p of this.drainQueue()) p.reject(closedError);
    for (const w of this.readyWaiters.splice(0)) w.reject(closedError);
    const exits: Promise<void>[] = [];
    for (const child of this.children) {
      const p = child.current;
      child.current = undefined;
      if (p) {
        clearTimeout(p.timer);
        p.reject(closedError);
      }
      exits.push(this.stop(child));
    }
    this.updateKeepAlive();
    await Promise.all(exits);
  }

  // ---- children ----

  /**
   * Brings the pool back to `size` working children and `spares` warm spares: a missing working
   * child is replaced by a spare at once when there is one (then a new spare starts), else by a
   * fresh child. Spares start only once the working children are ready, so start-up is not slowed.
   */
  private ensureChildren(replacing = false): void {
    if (this.closed) return;
    while (this.inService() < this.size) {
      const spare = [...this.children].find((c) => c.spare && c.state === 'idle') ?? [...this.children].find((c) => c.spare && c.state === 'starting');
      if (spare) {
        spare.spare = false;
        spare.idleSince = performance.now();
        if (replacing) this.restarts++;
      } else {
        this.spawn(replacing);
      }
    }
    if (this.readyCount(false) < this.size) return;
    let spares = 0;
    for (const c of this.children) if (c.spare && c.state !== 'stopping') spares++;
    for (; spares < this.spares; spares++) this.spawn(false, true);
  }

  /** Starts a child; `replacing` counts it as a restart. */
  private spawn(replacing = false, spare = false): void {
    if (this.closed) return;
    if (replacing) this.restarts++;
    const proc = fork(this.childModule, [], {
      cwd: this.root,
      env: childEnv(this.root, this.identity !== undefined) as NodeJS.ProcessEnv,
      execArgv: ['--no-node-snapshot', '--import', tsxLoader(this.root)],
      serialization: 'json',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      ...this.identity,
    });
    const child: Child = { proc, state: 'starting', spare, gradings: 0, retiring: false, idleSince: 0, everReady: false, sendsBudgets: false, oom: false, stderr: '' };
    this.children.add(child);

    // Neither the children nor their pipes keep this process alive; pending gradings do (updateKeepAlive).
    proc.unref();
    (proc.channel as { unref?: () => void } | undefined)?.unref?.();
    const stderr = proc.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null;
    stderr?.unref?.();
    stderr?.setEncoding('utf8');
    stderr?.on('data', (chunk: string) => this.onStderr(child, chunk));

    proc.on('message', (msg: unknown) => this.onMessage(child, msg));
    proc.on('exit', (code, signal) => this.onExit(child, code, signal));
    proc.on('error', (err) => {
      child.stderr = `${child.stderr}\n${err.message}`.slice(-STDERR_TAIL);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    });
    child.startTimer = setTimeout(() => {
      child.stderr += '\n(did not report ready in time)';
      proc.kill('SIGKILL');
    }, this.startTimeoutMs);
    child.startTimer.unref();
  }

  private onStderr(child: Child, chunk: string): void {
    child.stderr = (child.stderr + chunk).slice(-STDERR_TAIL);
    if (child.oom) return; // the rest is V8's heap dump
    const overrun = CPU_LIMIT_LINE.exec(chunk);
    if (overrun) {
      // A call ran past its CPU limit in work V8 could not interrupt (watchdog.ts): stop it here.
      const current = child.current;
      process.stderr.write(`[grader pool] child ${child.proc.pid}: a call used ${overrun[1]} ms of CPU time (limit ${overrun[2]} ms) without stopping; killed\n`);
      if (current) {
        this.finish(child, fatalResult(current.job, 'timeout', said('poolCallLimit', { ms: Number(overrun[2]) }), { timeMs: since(current) }));
      }
      this.replace(child);
      chunk = chunk.replace(CPU_LIMIT_LINES, '');
      if (!chunk.trim()) return;
    }
    if (OOM_MARKER.test(child.stderr)) {
      // V8 lost the fight for memory; the child aborts (or hangs) next. Do not wait for either.
      child.oom = true;
      process.stderr.write(`[grader ${child.proc.pid}] out of memory\n`);
      const current = child.current;
      if (current) this.finish(child, fatalResult(current.job, 'memory_limit', said('poolCrashed'), { timeMs: since(current) }));
      this.replace(child);
      return;
    }
    process.stderr.write(chunk.replace(/^(?=.)/gm, `[grader ${child.proc.pid}] `));
  }

  private onMessage(child: Child, raw: unknown): void {
    const msg = raw as Partial<FromChild> | null;
    if (msg && msg.type === 'ready' && child.state === 'starting') {
      clearTimeout(child.startTimer);
      child.state = 'idle';
      child.idleSince = performance.now();
      child.everReady = true;
      child.sendsBudgets = (msg as { budgets?: unknown }).budgets === true;
      this.startFailures = 0;
      this.startError = undefined;
      if (this.readyCount() >= this.size) for (const w of this.readyWaiters.splice(0)) w.resolve();
      this.ensureChildren(); // the spares start once the working children are ready
      this.retireReplaced();
      this.dispatch(); // also drops the keep-alive when nothing waits
      return;
    }
    const current = child.current;
    if (msg && msg.type === 'budget' && current && msg.id === current.id && child.state === 'busy') {
      // The exercise's own budget (exercise.md), from the child that read it: no constant here overrides it.
      if (!current.hard && typeof msg.cpuMs === 'number' && Number.isFinite(msg.cpuMs)) current.cpuBudgetMs = Math.min(Math.max(msg.cpuMs, 1_000), 3_600_000);
      current.budgetKnown = true;
      // The grading's CPU time starts here: what the child spent before (finishing an exercise it
      // was preparing in the background, waiting to read the job) was not the learner's.
      if (!current.hard && child.proc.pid !== undefined && current.cpuAtStart !== undefined) {
        const now = cpuMsOf(child.proc.pid);
        if (now !== undefined) current.cpuAtStart = current.cpuAtLastLook = now;
      }
      return;
    }
    if (msg && msg.type === 'result' && current && msg.id === current.id && child.state === 'busy') {
      const checked = GradingResult.safeParse(msg.result);
      if (checked.success) {
        this.finish(child, checked.data);
        child.state = 'idle';
        child.idleSince = performance.now();
        child.gradings++;
        this.gradings++;
        if (child.gradings >= this.recycleAfter && !child.retiring) {
          // A fresh successor starts now; this child keeps serving until it is ready.
          child.retiring = true;
          this.spawn(true);
        }
        this.retireReplaced();
        this.dispatch();
        return;
      }
      process.stderr.write(`[grader pool] child ${child.proc.pid} sent an invalid result: ${checked.error.message.slice(0, 500)}\n`);
    }
    // Anything else is garbage: the child cannot be trusted any more.
    if (current) this.finish(child, fatalResult(current.job, 'runtime_error', said('poolUnreadable'), { timeMs: since(current) }));
    this.replace(child);
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(child.startTimer);
    const wasStopping = child.state === 'stopping';
    child.state = 'stopping';
    this.children.delete(child);
    const current = child.current;
    if (current) {
      // Death during a grading: nearly always V8 giving up on memory (abort, segfault, OOM kill).
      process.stderr.write(`[grader pool] child ${child.proc.pid} died while grading (code ${code}, signal ${signal})\n`);
      this.finish(child, fatalResult(current.job, 'memory_limit', said('poolCrashed'), { timeMs: since(current) }));
    }
    if (this.closed) return;
    if (!child.everReady) this.onStartFailure(child, code, signal);
    else if (!wasStopping) this.ensureChildren(true);
    this.dispatch();
  }

  private onStartFailure(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    this.startFailures++;
    if (this.startFailures >= MAX_START_FAILURES && this.readyCount() === 0) {
      const tail = child.stderr.trim().split('\n').slice(-20).join('\n');
      this.startError = new Error(`The grader could not start a sandbox (exit code ${code}, signal ${signal}):\n${tail}`);
      for (const p of this.drainQueue()) p.reject(this.startError);
      for (const w of this.readyWaiters.splice(0)) w.reject(this.startError);
      this.updateKeepAlive();
    }
    // Back off so a broken setup does not spin; a grading that arrives meanwhile waits in the queue.
    const delay = Math.min(5_000, 100 * 2 ** Math.min(this.startFailures - 1, 6));
    clearTimeout(this.respawnTimer);
    this.respawnTimer = setTimeout(() => {
      this.respawnTimer = undefined;
      this.ensureChildren(true);
    }, delay);
    this.respawnTimer.unref();
  }

  /** Kills a child that cannot be trusted any more and starts its successor at once. */
  private replace(child: Child): void {
    if (child.state === 'stopping') return;
    void this.stop(child);
    if (!this.closed && child.everReady) this.ensureChildren(true);
    this.dispatch();
  }

  /** Stops retiring children once enough successors are ready; a busy one finishes its grading first. */
  private retireReplaced(): void {
    if (this.readyCount(false) < this.size) return;
    for (const c of this.children) if (c.retiring && c.state === 'idle') void this.stop(c);
  }

  /** Kills a child; resolves once it has exited. Its exit event does the bookkeeping. */
  private stop(child: Child): Promise<void> {
    child.state = 'stopping';
    const proc = child.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) {
      this.children.delete(child);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      proc.ref(); // whoever awaits this waits for the exit
      proc.kill('SIGKILL');
    });
  }

  // ---- gradings ----

  private dispatch(): void {
    while (this.queued > 0) {
      const child = this.pickIdle();
      if (!child) break;
      const p = this.takeNext();
      if (!p) break;
      child.state = 'busy';
      child.current = p;
      p.startedAt = performance.now();
      p.progressAt = p.startedAt;
      p.cpuAtStart = child.proc.pid === undefined ? undefined : cpuMsOf(child.proc.pid);
      p.cpuAtLastLook = p.cpuAtStart;
      p.timer = setTimeout(() => this.onDeadline(child, p), p.hard || p.cpuAtStart === undefined ? p.cpuBudgetMs : lookAfter(p.cpuBudgetMs));
      this.watchMemory();
      const message: ToChild = { type: 'grade', id: p.id, job: p.job };
      try {
        child.proc.send(message, (err) => {
          if (err && child.current === p) this.onMessage(child, null);
        });
      } catch {
        this.onMessage(child, null);
      }
    }
    this.updateKeepAlive();
  }

  /**
   * The idle child that has waited longest, preferring ones that are not retiring. After a result
   * a child still disposes of the isolate and prepares the next one; taking turns lets it do that
   * while another child grades.
   */
  private pickIdle(): Child | undefined {
    let best: Child | undefined;
    for (const c of this.children) {
      if (c.state !== 'idle' || c.spare) continue;
      if (!best || (best.retiring && !c.retiring) || (best.retiring === c.retiring && c.idleSince < best.idleSince)) best = c;
    }
    return best;
  }

  /**
   * While any child grades, reads each busy child's resident memory ten times a second; one past
   * childMemoryMb is killed and its student told why. Stops itself when no child is busy.
   */
  private watchMemory(): void {
    if (this.memoryWatch || this.closed || !MEMORY_READABLE) return;
    this.memoryWatch = setInterval(() => {
      let busy = 0;
      for (const child of this.children) {
        const current = child.current;
        if (child.state !== 'busy' || !current || child.proc.pid === undefined) continue;
        busy++;
        const mb = residentMb(child.proc.pid);
        if (mb === undefined || mb <= this.childMemoryMb) continue;
        process.stderr.write(`[grader pool] child ${child.proc.pid} reached ${Math.round(mb)} MB (limit ${this.childMemoryMb} MB); killed\n`);
        this.finish(child, fatalResult(current.job, 'memory_limit', said('poolCrashed'), { timeMs: since(current) }));
        this.replace(child);
      }
      if (busy === 0) {
        clearInterval(this.memoryWatch);
        this.memoryWatch = undefined;
      }
    }, MEMORY_POLL_MS);
    this.memoryWatch.unref();
  }

  /**
   * Looks at a grading's CPU time, from /proc: past its budget, the child is killed with `timeout`.
   * Under it, the grading goes on however long the wall clock says (a busy machine is not the
   * learner's fault) and the watchdog looks again — unless the child has not used any CPU time for
   * STALL_MS, when it is stuck: killed, and the grading started afresh once, then reported as not
   * graded (never as the learner's timeout). Without /proc the budget is wall-clock time.
   */
  private onDeadline(child: Child, p: Pending): void {
    if (child.current !== p) return;
    const pid = child.proc.pid;
    const cpu = pid === undefined || p.cpuAtStart === undefined ? undefined : cpuMsOf(pid);
    const now = performance.now();
    const used = cpu === undefined ? now - (p.startedAt ?? now) : cpu - p.cpuAtStart!;
    // A child that sends budgets runs no learner code before its budget message: until it arrives,
    // the CPU it uses is its own (a loaded machine, an exercise it was still preparing), judged only
    // by the stall rule below and a generous bound for a host that went wrong.
    const waiting = !p.hard && !p.budgetKnown && child.sendsBudgets && cpu !== undefined;
    const limit = waiting ? Math.max(p.cpuBudgetMs, BEFORE_BUDGET_CPU_MS) : p.cpuBudgetMs;
    if (p.hard || used >= limit || cpu === undefined) {
      const seconds = Math.round(p.cpuBudgetMs / 100) / 10;
      process.stderr.write(`[grader pool] child ${pid} used its ${seconds} s${p.hard ? '' : ' of CPU time'}; killed\n`);
      this.finish(child, fatalResult(p.job, 'timeout', said('poolDeadline', { s: seconds }), { timeMs: since(p) }));
      this.replace(child);
      return;
    }
    if (cpu - (p.cpuAtLastLook ?? p.cpuAtStart!) > 0) p.progressAt = now;
    p.cpuAtLastLook = cpu;
    if (now - (p.progressAt ?? now) > STALL_MS) {
      process.stderr.write(`[grader pool] child ${pid} made no progress for ${STALL_MS / 1000} s; killed\n`);
      child.current = undefined;
      clearTimeout(p.timer);
      this.replace(child);
      if (p.retries < 1) {
        p.retries++;
        this.enqueue(p, true);
        this.dispatch();
      } else {
        p.resolve(stuckResult(p));
        this.updateKeepAlive();
      }
      return;
    }
    p.timer = setTimeout(() => this.onDeadline(child, p), lookAfter(limit - used));
  }

  private finish(child: Child, result: GradingResult): void {
    const p = child.current;
    if (!p) return;
    child.current = undefined;
    clearTimeout(p.timer);
    p.resolve(result);
    this.updateKeepAlive();
  }

  private updateKeepAlive(): void {
    let pending = this.queued > 0 || this.readyWaiters.length > 0;
    for (const c of this.children) pending ||= c.current !== undefined;
    if (pending && !this.keepAlive) this.keepAlive = setInterval(() => undefined, 1 << 30);
    if (!pending && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  /** Working children ready to grade (idle or busy); with `includeRetiring` false, only those staying. */
  private readyCount(includeRetiring = true): number {
    let n = 0;
    for (const c of this.children) if (!c.spare && (c.state === 'idle' || c.state === 'busy') && (includeRetiring || !c.retiring)) n++;
    return n;
  }

  /** Working children started or running that are meant to stay (not spares, not stopping, not retiring). */
  private inService(): number {
    let n = 0;
    for (const c of this.children) if (!c.spare && c.state !== 'stopping' && !c.retiring) n++;
    return n;
  }

  /** Synchronous last resort when the parent process exits. */
  killAll(): void {
    for (const c of this.children) {
      try {
        c.proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

const MEMORY_POLL_MS = 100;
/** CPU time a child that sends budgets may use on a grading before its budget message arrives. */
const BEFORE_BUDGET_CPU_MS = 60_000;
/** A busy child whose CPU time does not grow for this long (wall clock) is stuck, not slow. */
const STALL_MS = 30_000;
const CPU_LIMIT_LINE = new RegExp(`${CPU_LIMIT_MARKER} (\\d+) (\\d+)`);
const CPU_LIMIT_LINES = new RegExp(`\\n?${CPU_LIMIT_MARKER}[^\\n]*\\n?`, 'g');
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: the unit of /proc/<pid>/stat times on Linux

/** When to look at a grading's CPU time again: half of what is left of its budget, within bounds. */
function lookAfter(remainingMs: number): number {
  return Math.min(5_000, Math.max(25, remainingMs / 2));
}

/** A process's CPU time (user + system) in ms, from /proc/<pid>/stat; undefined if unreadable. */
function cpuMsOf(pid: number): number | undefined {
  if (!MEMORY_READABLE) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

function stuckResult(p: Pending): GradingResult {
  return { ...fatalResult(p.job, 'runtime_error', said('poolStuck'), { timeMs: since(p) }), status: 'grading_failed', runtimeError: undefined };
}
const MEMORY_READABLE = process.platform === 'linux';

/** A process's resident set in MB, from /proc/<pid>/status; undefined once it is gone. */
function residentMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

function envMemoryMb(): number | undefined {
  const n = Number(process.env.DELTALAB_GRADER_CHILD_MEMORY_MB);
  return Number.isFinite(n) && n >= 128 ? n : undefined;
}

function since(p: Pending): number {
  return p.startedAt === undefined ? 0 : Math.round((performance.now() - p.startedAt) * 100) / 100;
}

// ---- the process-wide pool ----

const livePools = new Set<Pool>();
process.once('exit', () => {
  for (const pool of livePools) pool.killAll();
});

const SHARED = Symbol.for('deltalab.graderPool');

/** A lazily created pool for the whole process; cached on globalThis so dev-server reloads reuse it. */
export function getSharedPool(): GraderPool {
  const holder = globalThis as unknown as Record<symbol, GraderPool | undefined>;
  let pool = holder[SHARED];
  if (!pool) {
    pool = createPool();
    holder[SHARED] = pool;
  }
  return pool;
}

// ---- where the children come from ----

function envSize(): number | undefined {
  const n = Number(process.env.DELTALAB_GRADER_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The repository root: DELTALAB_ROOT when set (the web server bundles this file, so its own URL
 * says nothing), else two levels up from this file, else the working directory.
 */
function findRoot(): string {
  const candidates: (string | undefined)[] = [process.env.DELTALAB_ROOT, rootFromUrl(), process.cwd()];
  for (const c of candidates) {
    // Run-time locations, not files of the web build: keep the bundler from tracing them.
    if (c && existsSync(path.join(/*turbopackIgnore: true*/ c, 'grader', 'sandbox', 'child.ts'))) return path.resolve(/*turbopackIgnore: true*/ c);
  }
  throw new Error('Cannot find grader/sandbox/child.ts; set DELTALAB_ROOT to the repository root.');
}

function rootFromUrl(): string | undefined {
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  } catch {
    return undefined;
  }
}

/** tsx's loader by absolute URL, so it resolves whatever the working directory. */
function tsxLoader(root: string): string {
  try {
    return pathToFileURL(createRequire(path.join(/*turbopackIgnore: true*/ root, 'package.json')).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

/**
 * The child's environment, an explicit allow-list: locale, time zone, PATH and the few settings a
 * child reads. Nothing else of the server's environment (DELTALAB_JOIN_CODE, BETTER_AUTH_SECRET,
 * DATABASE_URL, …) ever sits in a process that runs learner code; loader and test-runner options of
 * the parent are dropped.
 */
const ENV_KEEP = /^(PATH|LANG|LANGUAGE|LC_[A-Z_]+|TZ|NODE_ENV|TMPDIR|TMP|TEMP|SYSTEMROOT|COMSPEC|PATHEXT|TSX_TSCONFIG_PATH|DELTALAB_GRADER_PRELOAD|DELTALAB_EXERCISES_DIR|DELTALAB_DEBUG_CPU|DELTALAB_FAKE_CHILD_STARTUP)$/;

export function childEnv(root: string, dropped = false, source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (ENV_KEEP.test(k) && v !== undefined) env[k] = v;
  env.DELTALAB_ROOT = root;
  // An unprivileged child cannot write the server's home; tsx keeps its cache under the temp dir.
  env.HOME = dropped ? os.tmpdir() : (source.HOME ?? os.tmpdir());
  const nodeOptions = sanitizeNodeOptions(source.NODE_OPTIONS ?? '');
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  return env;
}

/**
 * The user sandbox children run as. When the server runs as root, children drop to an unprivileged
 * user (DELTALAB_GRADER_USER, default `nobody`): they cannot read the database file, the data
 * directory (created 0700) or anything else only root may read. Otherwise children run as the
 * server's own user; run the server as a dedicated user then (see README, Security).
 */
function sandboxIdentity(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = process.env.DELTALAB_GRADER_USER ?? 'nobody';
  if (name === 'root') return undefined;
  const found = lookupUser(name);
  if (!found) {
    process.stderr.write(`[grader pool] running as root but user ${JSON.stringify(name)} does not exist: sandbox children keep root's privileges. Set DELTALAB_GRADER_USER.\n`);
    return undefined;
  }
  warnIfDataReadable();
  return found;
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  if (/^\d+$/.test(name)) return { uid: Number(name), gid: Number(name) };
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no passwd file: no such user
  }
  return undefined;
}

function warnIfDataReadable(): void {
  const dir = process.env.DELTALAB_DATA_DIR ?? path.join(process.cwd(), 'data');
  try {
    if ((statSync(dir).mode & 0o007) !== 0) {
      process.stderr.write(`[grader pool] ${dir} is open to other users; sandbox children could read it. Run: chmod 700 ${dir}\n`);
    }
  } catch {
    // not there yet: it is created 0700
  }
}

function envSpares(): number | undefined {
  const n = Number(process.env.DELTALAB_GRADER_SPARES);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

const DROP_WITH_VALUE = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader', '--conditions', '-C']);

function sanitizeNodeOptions(options: string): string {
  const tokens = options.split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (DROP_WITH_VALUE.has(t)) {
      i++;
      continue;
    }
    const flag = t.split('=')[0]!;
    if (DROP_WITH_VALUE.has(flag) || /^--(inspect|test|watch|experimental-vm-modules|no-node-snapshot)/.test(flag)) continue;
    kept.push(t);
  }
  return kept.join(' ');
}
