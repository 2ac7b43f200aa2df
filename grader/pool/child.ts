import { fork, type ChildProcess } from 'node:child_process';
import { GradingResult } from '../results';
import type { FromChild, ToChild } from '../sandbox/protocol';
import { CPU_LIMIT_MARKER } from '../sandbox/watchdog';
import { poolVerdict, type Grading } from './grading';
import { poolMessage } from './messages';
import { cpuMsOf, PROC_READABLE, residentMb } from './procfs';
import { CHILD_ROLES, CHILD_STATES, transition, type ChildRole, type ChildState } from './states';

/**
 * One sandbox child process (grader/sandbox/child.ts) as the pool sees it: its state (states.ts,
 * every move checked against the table), the grading it holds, and the watchdog of that grading.
 * Limits are CPU time, never wall-clock time: a grading that uses more CPU time than its exercise
 * allows, or a call that runs past its CPU limit in work V8 cannot interrupt (the child reports it,
 * sandbox/watchdog.ts), ends with `timeout`; resident memory past the limit ends with
 * `memory_limit`; wall-clock time only decides when to look again. A child that crashes, exits or
 * answers with anything but a valid GradingResult is killed. Whatever happens, the grading leaves
 * the child exactly once, through one of the pool's ChildHost callbacks.
 */

/** What the pool does when its children report; each call happens once per event. */
export interface ChildHost {
  /** The child moved starting → idle. */
  childReady(child: SandboxChild): void;
  /**
   * A grading left the child with its verdict. `graded`: the child's own valid result, and the
   * child is idle again; otherwise a verdict of the pool (the child is being killed or is gone).
   */
  gradingDone(child: SandboxChild, grading: Grading, result: GradingResult, graded: boolean): void;
  /** A grading left a stuck child without a verdict: the pool may start it again. */
  gradingStuck(child: SandboxChild, grading: Grading): void;
  /** The child cannot be trusted any more and is being killed; a successor should start. */
  childLost(child: SandboxChild): void;
  /** The process exited. `killed`: the pool (or the child itself, above) had asked it to stop. */
  childExited(child: SandboxChild, code: number | null, signal: NodeJS.Signals | null, killed: boolean): void;
}

export interface ChildOptions {
  module: string;
  root: string;
  env: NodeJS.ProcessEnv;
  execArgv: string[];
  identity?: { uid: number; gid: number };
  role: 'spare' | 'working';
  /** Time the child has to report ready before it is killed. */
  startTimeoutMs: number;
  /** Resident memory the child may reach while grading (Linux only). */
  memoryMb: number;
}

const STDERR_TAIL = 8 * 1024;
/** What V8 and isolated-vm print when an isolate's memory could not be contained. */
const OOM_MARKER = /<--- Last few GCs --->|Fatal JavaScript|is_heap_oom|JavaScript heap out of memory|Catastrophic out-of-memory/;
const CPU_LIMIT_LINE = new RegExp(`${CPU_LIMIT_MARKER} (\\d+) (\\d+)`);
const CPU_LIMIT_LINES = new RegExp(`\\n?${CPU_LIMIT_MARKER}[^\\n]*\\n?`, 'g');
const MEMORY_POLL_MS = 100;
/** CPU time a child that sends budgets may use on a grading before its budget message arrives. */
const BEFORE_BUDGET_CPU_MS = 60_000;
/** A busy child whose CPU time does not grow for this long (wall clock) is stuck, not slow. */
const STALL_MS = 30_000;

/** The watchdog's view of the grading the child holds. */
interface Watch {
  timer: NodeJS.Timeout;
  memory?: NodeJS.Timeout;
  /** The child's CPU time (ms) when the grading's CPU time started counting, and at the last look. */
  cpuAtStart?: number;
  cpuAtLastLook?: number;
  /** When the watchdog last saw the child's CPU time grow (performance.now()). */
  progressAt: number;
}

export class SandboxChild {
  readonly proc: ChildProcess;
  private stateNow: ChildState = 'starting';
  private roleNow: ChildRole;
  private held: Grading | undefined;
  private watch: Watch | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private exitWait: Promise<void> | undefined;
  /** Gradings this child has finished with its own result. */
  gradings = 0;
  /** When it last became idle (performance.now()); the pool hands work to the longest idle first. */
  idleSince = 0;
  /** Reached `idle` once: its death is a lost child, not a failed start. */
  wasReady = false;
  /** Said in its `ready` message that it sends each grading's budget before running learner code. */
  sendsBudgets = false;
  /** The end of what it wrote to stderr, for the error when children cannot start. */
  stderrTail = '';
  /** V8 said it is out of memory: the rest of stderr is its heap dump, not worth echoing. */
  private outOfMemory = false;

  constructor(
    private readonly opts: ChildOptions,
    private readonly host: ChildHost,
  ) {
    this.roleNow = opts.role;
    const proc = fork(opts.module, [], {
      cwd: opts.root,
      env: opts.env,
      execArgv: opts.execArgv,
      serialization: 'json',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      ...opts.identity,
    });
    this.proc = proc;

    // Neither the children nor their pipes keep this process alive; pending gradings do (the pool's keep-alive).
    proc.unref();
    (proc.channel as { unref?: () => void } | undefined)?.unref?.();
    const stderr = proc.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null;
    stderr?.unref?.();
    stderr?.setEncoding('utf8');
    stderr?.on('data', (chunk: string) => this.onStderr(chunk));

    proc.on('message', (msg: unknown) => this.onMessage(msg));
    proc.on('exit', (code, signal) => this.onExit(code, signal));
    proc.on('error', (err) => {
      this.stderrTail = `${this.stderrTail}\n${err.message}`.slice(-STDERR_TAIL);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    });
    // Killed without a state change: its exit, from `starting`, counts as a failed start.
    this.startTimer = setTimeout(() => {
      this.stderrTail += '\n(did not report ready in time)';
      proc.kill('SIGKILL');
    }, opts.startTimeoutMs);
    this.startTimer.unref();
  }

  get state(): ChildState {
    return this.stateNow;
  }

  get role(): ChildRole {
    return this.roleNow;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** The grading it holds, if any. */
  get current(): Grading | undefined {
    return this.held;
  }

  /** Holds a grading (assigned or grading). */
  get busy(): boolean {
    return this.stateNow === 'assigned' || this.stateNow === 'grading';
  }

  /** Not stopping and not gone. */
  get live(): boolean {
    return this.stateNow !== 'stopping' && this.stateNow !== 'exited';
  }

  private moveTo(to: ChildState): void {
    this.stateNow = transition(CHILD_STATES, 'sandbox child', this.stateNow, to);
  }

  /** A spare takes the place of a working child that was killed. */
  promote(): void {
    this.roleNow = transition(CHILD_ROLES, 'sandbox child role', this.roleNow, 'working');
    this.idleSince = performance.now();
  }

  /** Served its gradings: serves on until its successor is ready. */
  retire(): void {
    this.roleNow = transition(CHILD_ROLES, 'sandbox child role', this.roleNow, 'retiring');
  }

  /** Sends a grading to this idle child and starts watching it. */
  grade(g: Grading): void {
    this.moveTo('assigned');
    this.held = g;
    g.startedAt = performance.now();
    const pid = this.proc.pid;
    const cpu = pid === undefined ? undefined : cpuMsOf(pid);
    this.watch = {
      cpuAtStart: cpu,
      cpuAtLastLook: cpu,
      progressAt: g.startedAt,
      timer: setTimeout(() => this.look(g), g.hard || cpu === undefined ? g.cpuBudgetMs : lookAfter(g.cpuBudgetMs)),
    };
    this.watchMemory(g);
    const message: ToChild = { type: 'grade', id: g.id, job: g.job };
    try {
      this.proc.send(message, (err) => {
        if (err && this.held === g) this.onMessage(null);
      });
    } catch {
      this.onMessage(null);
    }
  }

  /** Takes the grading back without a verdict (the pool is closing) and stops watching it. */
  release(): Grading | undefined {
    const g = this.held;
    this.held = undefined;
    if (this.watch) {
      clearTimeout(this.watch.timer);
      clearInterval(this.watch.memory);
      this.watch = undefined;
    }
    return g;
  }

  /** Kills the process; resolves once it has exited. Its exit is reported to the pool as usual. */
  kill(): Promise<void> {
    if (this.stateNow === 'exited') return Promise.resolve();
    if (this.stateNow !== 'stopping') this.moveTo('stopping');
    this.exitWait ??= new Promise((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.ref(); // whoever awaits this waits for the exit
    this.proc.kill('SIGKILL');
    return this.exitWait;
  }

  /** Synchronous last resort when the parent process exits. */
  killNow(): void {
    try {
      this.proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }

  // ---- what the process says ----

  private onMessage(raw: unknown): void {
    if (!this.live) return; // being killed: nothing it says counts any more
    const msg = raw as Partial<FromChild> | null;
    if (msg && msg.type === 'ready' && this.stateNow === 'starting') {
      clearTimeout(this.startTimer);
      this.moveTo('idle');
      this.idleSince = performance.now();
      this.wasReady = true;
      this.sendsBudgets = (msg as { budgets?: unknown }).budgets === true;
      this.host.childReady(this);
      return;
    }
    const g = this.held;
    if (msg && msg.type === 'budget' && g && msg.id === g.id && this.busy) {
      this.onBudget(g, msg.cpuMs);
      return;
    }
    if (msg && msg.type === 'result' && g && msg.id === g.id && this.busy) {
      const checked = GradingResult.safeParse(msg.result);
      if (checked.success) {
        this.release();
        this.moveTo('idle');
        this.idleSince = performance.now();
        this.gradings++;
        this.host.gradingDone(this, g, checked.data, true);
        return;
      }
      process.stderr.write(`[grader pool] child ${this.pid} sent an invalid result: ${checked.error.message.slice(0, 500)}\n`);
    }
    // Anything else is garbage: the child cannot be trusted any more.
    this.giveUp((held) => poolVerdict(held, 'runtime_error', poolMessage('unreadable')));
  }

  /** The exercise's own budget (exercise.md), from the child that read it: no constant here overrides it. */
  private onBudget(g: Grading, cpuMs: unknown): void {
    if (!g.hard && typeof cpuMs === 'number' && Number.isFinite(cpuMs)) g.cpuBudgetMs = Math.min(Math.max(cpuMs, 1_000), 3_600_000);
    if (this.stateNow === 'assigned') this.moveTo('grading');
    // The grading's CPU time starts here: what the child spent before (finishing an exercise it
    // was preparing in the background, waiting to read the job) was not the learner's.
    const w = this.watch;
    if (!g.hard && this.pid !== undefined && w && w.cpuAtStart !== undefined) {
      const now = cpuMsOf(this.pid);
      if (now !== undefined) w.cpuAtStart = w.cpuAtLastLook = now;
    }
  }

  private onStderr(chunk: string): void {
    this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    if (this.outOfMemory) return;
    const overrun = CPU_LIMIT_LINE.exec(chunk);
    if (overrun) {
      // A call ran past its CPU limit in work V8 could not interrupt (sandbox/watchdog.ts): stop it here.
      process.stderr.write(`[grader pool] child ${this.pid}: a call used ${overrun[1]} ms of CPU time (limit ${overrun[2]} ms) without stopping; killed\n`);
      this.giveUp((held) => poolVerdict(held, 'timeout', poolMessage('callLimit', { ms: Number(overrun[2]) })));
      chunk = chunk.replace(CPU_LIMIT_LINES, '');
      if (!chunk.trim()) return;
    }
    if (OOM_MARKER.test(this.stderrTail)) {
      // V8 lost the fight for memory; the child aborts (or hangs) next. Do not wait for either.
      this.outOfMemory = true;
      process.stderr.write(`[grader ${this.pid}] out of memory\n`);
      this.giveUp((held) => poolVerdict(held, 'memory_limit', poolMessage('crashed')));
      return;
    }
    process.stderr.write(chunk.replace(/^(?=.)/gm, `[grader ${this.pid}] `));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.startTimer);
    const killed = this.stateNow === 'stopping';
    this.moveTo('exited');
    const g = this.release();
    if (g) {
      // Death during a grading: nearly always V8 giving up on memory (abort, segfault, OOM kill).
      process.stderr.write(`[grader pool] child ${this.pid} died while grading (code ${code}, signal ${signal})\n`);
      this.host.gradingDone(this, g, poolVerdict(g, 'memory_limit', poolMessage('crashed')), false);
    }
    this.host.childExited(this, code, signal, killed);
  }

  /**
   * Ends the grading it holds with the pool's `verdict` (none: the grading goes back to the pool
   * by gradingStuck, which the caller reports), then kills the child and asks for a successor.
   */
  private giveUp(verdict?: (held: Grading) => GradingResult): void {
    if (verdict) {
      const g = this.release();
      if (g) this.host.gradingDone(this, g, verdict(g), false);
    }
    if (!this.live) return;
    void this.kill();
    this.host.childLost(this);
  }

  // ---- the watchdog ----

  /**
   * While the child grades, reads its resident memory ten times a second; past memoryMb it is
   * killed and its student told why.
   */
  private watchMemory(g: Grading): void {
    if (!PROC_READABLE || !this.watch) return;
    this.watch.memory = setInterval(() => {
      const pid = this.pid;
      if (this.held !== g || pid === undefined) return;
      const mb = residentMb(pid);
      if (mb === undefined || mb <= this.opts.memoryMb) return;
      process.stderr.write(`[grader pool] child ${pid} reached ${Math.round(mb)} MB (limit ${this.opts.memoryMb} MB); killed\n`);
      this.giveUp((held) => poolVerdict(held, 'memory_limit', poolMessage('crashed')));
    }, MEMORY_POLL_MS);
    this.watch.memory.unref();
  }

  /**
   * Looks at a grading's CPU time, from /proc: past its budget, the child is killed with `timeout`.
   * Under it, the grading goes on however long the wall clock says (a busy machine is not the
   * learner's fault) and the watchdog looks again — unless the child has not used any CPU time for
   * STALL_MS, when it is stuck: killed, and the grading handed back to the pool (which starts it
   * afresh once, then reports it as not graded — never as the learner's timeout). Without /proc
   * the budget is wall-clock time.
   */
  private look(g: Grading): void {
    const w = this.watch;
    if (this.held !== g || !w) return;
    const pid = this.pid;
    const cpu = pid === undefined || w.cpuAtStart === undefined ? undefined : cpuMsOf(pid);
    const now = performance.now();
    const used = cpu === undefined ? now - (g.startedAt ?? now) : cpu - w.cpuAtStart!;
    // A child that sends budgets runs no learner code before its budget message: until it arrives,
    // the CPU it uses is its own (a loaded machine, an exercise it was still preparing), judged only
    // by the stall rule below and a generous bound for a host that went wrong.
    const waiting = !g.hard && this.stateNow === 'assigned' && this.sendsBudgets && cpu !== undefined;
    const limit = waiting ? Math.max(g.cpuBudgetMs, BEFORE_BUDGET_CPU_MS) : g.cpuBudgetMs;
    if (g.hard || used >= limit || cpu === undefined) {
      const seconds = Math.round(g.cpuBudgetMs / 100) / 10;
      process.stderr.write(`[grader pool] child ${pid} used its ${seconds} s${g.hard ? '' : ' of CPU time'}; killed\n`);
      this.giveUp((held) => poolVerdict(held, 'timeout', poolMessage('deadline', { s: seconds })));
      return;
    }
    if (cpu - (w.cpuAtLastLook ?? w.cpuAtStart!) > 0) w.progressAt = now;
    w.cpuAtLastLook = cpu;
    if (now - w.progressAt > STALL_MS) {
      process.stderr.write(`[grader pool] child ${pid} made no progress for ${STALL_MS / 1000} s; killed\n`);
      this.release();
      this.giveUp();
      this.host.gradingStuck(this, g);
      return;
    }
    w.timer = setTimeout(() => this.look(g), lookAfter(limit - used));
  }
}

/** When to look at a grading's CPU time again: half of what is left of its budget, within bounds. */
function lookAfter(remainingMs: number): number {
  return Math.min(5_000, Math.max(25, remainingMs / 2));
}
