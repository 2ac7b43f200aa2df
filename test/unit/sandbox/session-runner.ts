import { Opaque, openSession, type CallResult, type ConsoleOutput, type Failure, type SessionLimits } from '../../../grader/sandbox/session';
import { transpile, type TranspileError } from '../../../grader/sandbox/transpile';

/**
 * Runs sandbox sessions for the tests in a process of its own: isolated-vm needs
 * `--no-node-snapshot`, which the test runner's workers do not have. Started by session-client.ts.
 */

export interface Scenario {
  source: string;
  limits?: Partial<SessionLimits>;
  calls: { driver: string; input: unknown }[];
}

export interface ScenarioResult {
  compileErrors?: TranspileError[];
  openFailure?: Failure;
  calls: CallResult[];
  console: ConsoleOutput;
  /** The runner's own built-ins and globals were left alone. */
  hostIntact: boolean;
}

const DEFAULT_LIMITS: SessionLimits = { memoryMb: 64, checkTimeMs: 1000, consoleBytes: 8 * 1024, outputBytes: 1024 * 1024 };

const originals = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  abs: Math.abs,
  exp: Math.exp,
  map: Array.prototype.map,
  push: Array.prototype.push,
  keys: Object.keys,
  valueOf: Number.prototype.valueOf,
  globals: Object.getOwnPropertyNames(globalThis).sort().join(','),
  objectProto: Object.getOwnPropertyNames(Object.prototype).sort().join(','),
};

function hostIntact(): boolean {
  return (
    JSON.stringify === originals.stringify &&
    JSON.parse === originals.parse &&
    Math.abs === originals.abs &&
    Math.exp === originals.exp &&
    Array.prototype.map === originals.map &&
    Array.prototype.push === originals.push &&
    Object.keys === originals.keys &&
    Number.prototype.valueOf === originals.valueOf &&
    Object.getOwnPropertyNames(globalThis).sort().join(',') === originals.globals &&
    Object.getOwnPropertyNames(Object.prototype).sort().join(',') === originals.objectProto
  );
}

function run(s: Scenario): ScenarioResult {
  const compiled = transpile(s.source);
  if (!compiled.ok) return { compileErrors: compiled.errors, calls: [], console: { text: '', truncated: false }, hostIntact: hostIntact() };
  const opened = openSession(compiled.js, compiled.map, { ...DEFAULT_LIMITS, ...s.limits });
  if (!opened.ok) return { openFailure: opened.failure, calls: [], console: opened.console, hostIntact: hostIntact() };
  const calls = s.calls.map((c) => opened.session.call(c.driver, c.input));
  const output = opened.session.console();
  opened.session.dispose();
  return { calls, console: output, hostIntact: hostIntact() };
}

// Opaque values cross the IPC channel as marked objects; session-client.ts turns them back.
function mark(v: unknown): unknown {
  if (v instanceof Opaque) return { '@opaque': v.kind, detail: v.detail };
  if (Array.isArray(v)) return v.map(mark);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: mark((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

process.on('disconnect', () => process.exit(0));
process.on('message', (msg: { id: number; scenario: Scenario }) => {
  let reply: unknown;
  try {
    reply = { id: msg.id, result: mark(run(msg.scenario)) };
  } catch (err) {
    reply = { id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  process.send!(reply);
});
process.send!({ ready: true });
