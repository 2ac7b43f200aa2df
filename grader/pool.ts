import os from 'node:os';
import path from 'node:path';
import { SandboxChild, type ChildHost } from './pool/child';
import { type Grading, stuckResult } from './pool/grading';
import { poolMessage } from './pool/messages';
import { childEnv, findRoot, sandboxIdentity, tsxLoader } from './pool/origin';
import { OwnerQueue } from './pool/owner-queue';
import { fatalResult, GradingJob, type GradingResult } from './results';

export { childEnv };

/**
 * The grader pool: warm sandbox child processes (grader/sandbox/child.ts), one grading at a time
 * each, a bounded queue in front of them served round-robin by owner (student), and warm spare
 * children. Each child is a SandboxChild (pool/child.ts): a state machine (pool/states.ts) with
 * the watchdog of its grading — CPU-time budgets, the stall rule, the memory limit. This file
 * decides which child grades what, replaces the children that are killed (a spare takes the next
 * grading at once), recycles them after recycleAfter gradings without a gap, and keeps the
 * process alive while gradings are pending. The student gets exactly one verdict per grading, and
 * nothing else is lost.
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

export function createPool(opts: PoolOptions = {}): GraderPool {
  return new Pool(opts);
}

class Pool implements GraderPool, ChildHost {
  private readonly size: number;
  private readonly spares: number;
  private readonly maxPerOwner: number;
  private readonly maxQueue: number;
  private readonly deadlineMs: number;
  private readonly recycleAfter: number;
  private readonly startTimeoutMs: number;
  private readonly childMemoryMb: number;
  private readonly childModule: string;
  private readonly root: string;
  private readonly identity: { uid: number; gid: number } | undefined;
  private readonly children = new Set<SandboxChild>();
  private readonly queue = new OwnerQueue<Grading>();
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
      const result = fatalResult(job, 'compile_error', poolMessage('tooLarge'));
      return Promise.resolve({ ...result, compileErrors: [{ line: 1, column: 1, message: result.summary }] });
    }
    if (this.startError && this.readyCount() === 0) return Promise.reject(this.startError);
    if (this.queue.size >= this.maxQueue) return Promise.reject(new PoolBusyError(this.queue.size));

    return new Promise<GradingResult>((resolve, reject) => {
      const hard = opts.deadlineMs !== undefined;
      const owner = typeof opts.owner === 'string' ? opts.owner.slice(0, 200) : '';
      this.queue.push({ id: this.nextId++, job, owner, cpuBudgetMs: opts.deadlineMs ?? this.deadlineMs, hard, retries: 0, resolve, reject });
      this.dispatch();
    });
  }

  stats(): PoolStats {
    let idle = 0;
    let busy = 0;
    let spares = 0;
    for (const c of this.children) {
      if (c.role === 'spare') {
        if (c.state === 'idle') spares++;
        continue;
      }
      if (c.state === 'idle') idle++;
      if (c.busy) busy++;
    }
    return { size: this.inService(), spares, idle, busy, queued: this.queue.size, restarts: this.restarts, gradings: this.gradings };
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
    const closedError = new Error('The grader pool is closed.');
    for (const g of this.queue.drain()) g.reject(closedError);
    for (const w of this.readyWaiters.splice(0)) w.reject(closedError);
    const exits: Promise<void>[] = [];
    for (const child of this.children) {
      child.release()?.reject(closedError);
      exits.push(child.kill());
    }
    this.updateKeepAlive();
    await Promise.all(exits);
  }

  /** Synchronous last resort when the parent process exits. */
  killAll(): void {
    for (const c of this.children) c.killNow();
  }

  // ---- which child grades what ----

  private dispatch(): void {
    while (this.queue.size > 0) {
      const child = this.pickIdle();
      if (!child) break;
      const g = this.queue.take((owner) => !owner || this.running(owner) < this.maxPerOwner);
      if (!g) break;
      child.grade(g);
    }
    this.updateKeepAlive();
  }

  /** Gradings of this owner that children hold now. */
  private running(owner: string): number {
    let n = 0;
    for (const c of this.children) if (c.current?.owner === owner) n++;
    return n;
  }

  /**
   * The idle working child that has waited longest, preferring ones that are not retiring. After a
   * result a child still disposes of the isolate and prepares the next one; taking turns lets it do
   * that while another child grades.
   */
  private pickIdle(): SandboxChild | undefined {
    let best: SandboxChild | undefined;
    for (const c of this.children) {
      if (c.state !== 'idle' || c.role === 'spare') continue;
      const retiring = c.role === 'retiring';
      const bestRetiring = best?.role === 'retiring';
      if (!best || (bestRetiring && !retiring) || (bestRetiring === retiring && c.idleSince < best.idleSince)) best = c;
    }
    return best;
  }

  // ---- what the children report (ChildHost) ----

  childReady(): void {
    this.startFailures = 0;
    this.startError = undefined;
    if (this.readyCount() >= this.size) for (const w of this.readyWaiters.splice(0)) w.resolve();
    this.ensureChildren(); // the spares start once the working children are ready
    this.retireReplaced();
    this.dispatch(); // also drops the keep-alive when nothing waits
  }

  gradingDone(child: SandboxChild, g: Grading, result: GradingResult, graded: boolean): void {
    g.resolve(result);
    if (!graded) {
      this.updateKeepAlive();
      return;
    }
    this.gradings++;
    if (child.gradings >= this.recycleAfter && child.role === 'working') {
      // A fresh successor starts now; this child keeps serving until it is ready.
      child.retire();
      this.spawn(true);
    }
    this.retireReplaced();
    this.dispatch();
  }

  /** The child made no progress: the grading starts afresh once, then is reported as not graded. */
  gradingStuck(_child: SandboxChild, g: Grading): void {
    if (g.retries < 1) {
      g.retries++;
      this.queue.push(g, true);
      this.dispatch();
    } else {
      g.resolve(stuckResult(g));
      this.updateKeepAlive();
    }
  }

  childLost(child: SandboxChild): void {
    if (!this.closed && child.wasReady) this.ensureChildren(true);
    this.dispatch();
  }

  childExited(child: SandboxChild, code: number | null, signal: NodeJS.Signals | null, killed: boolean): void {
    this.children.delete(child);
    if (this.closed) return;
    if (!child.wasReady) this.onStartFailure(child, code, signal);
    else if (!killed) this.ensureChildren(true);
    this.dispatch();
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
      const spares = [...this.children].filter((c) => c.role === 'spare');
      const spare = spares.find((c) => c.state === 'idle') ?? spares.find((c) => c.state === 'starting');
      if (spare) {
        spare.promote();
        if (replacing) this.restarts++;
      } else {
        this.spawn(replacing);
      }
    }
    if (this.readyCount(false) < this.size) return;
    let spares = 0;
    for (const c of this.children) if (c.role === 'spare' && c.state !== 'stopping') spares++;
    for (; spares < this.spares; spares++) this.spawn(false, true);
  }

  /** Starts a child; `replacing` counts it as a restart. */
  private spawn(replacing = false, spare = false): void {
    if (this.closed) return;
    if (replacing) this.restarts++;
    const child = new SandboxChild(
      {
        module: this.childModule,
        root: this.root,
        env: childEnv(this.root, this.identity !== undefined) as NodeJS.ProcessEnv,
        execArgv: ['--no-node-snapshot', '--import', tsxLoader(this.root)],
        identity: this.identity,
        role: spare ? 'spare' : 'working',
        startTimeoutMs: this.startTimeoutMs,
        memoryMb: this.childMemoryMb,
      },
      this,
    );
    this.children.add(child);
  }

  private onStartFailure(child: SandboxChild, code: number | null, signal: NodeJS.Signals | null): void {
    this.startFailures++;
    if (this.startFailures >= MAX_START_FAILURES && this.readyCount() === 0) {
      const tail = child.stderrTail.trim().split('\n').slice(-20).join('\n');
      this.startError = new Error(`The grader could not start a sandbox (exit code ${code}, signal ${signal}):\n${tail}`);
      for (const g of this.queue.drain()) g.reject(this.startError);
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

  /** Stops retiring children once enough successors are ready; a busy one finishes its grading first. */
  private retireReplaced(): void {
    if (this.readyCount(false) < this.size) return;
    for (const c of this.children) if (c.role === 'retiring' && c.state === 'idle') void c.kill();
  }

  /** Working children ready to grade (idle or busy); with `includeRetiring` false, only those staying. */
  private readyCount(includeRetiring = true): number {
    let n = 0;
    for (const c of this.children) if (c.role !== 'spare' && (c.state === 'idle' || c.busy) && (includeRetiring || c.role !== 'retiring')) n++;
    return n;
  }

  /** Working children started or running that are meant to stay (not spares, not stopping, not retiring). */
  private inService(): number {
    let n = 0;
    for (const c of this.children) if (c.role === 'working' && c.live) n++;
    return n;
  }

  /** Pending gradings (and ready() waiters) keep the process alive; children and their pipes do not. */
  private updateKeepAlive(): void {
    let pending = this.queue.size > 0 || this.readyWaiters.length > 0;
    for (const c of this.children) pending ||= c.current !== undefined;
    if (pending && !this.keepAlive) this.keepAlive = setInterval(() => undefined, 1 << 30);
    if (!pending && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }
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

// ---- defaults from the environment ----

function envSize(): number | undefined {
  const n = Number(process.env.DELTALAB_GRADER_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function envSpares(): number | undefined {
  const n = Number(process.env.DELTALAB_GRADER_SPARES);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function envMemoryMb(): number | undefined {
  const n = Number(process.env.DELTALAB_GRADER_CHILD_MEMORY_MB);
  return Number.isFinite(n) && n >= 128 ? n : undefined;
}
