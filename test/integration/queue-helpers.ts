import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TEST_DB } from './site-helpers';

/**
 * Helpers of the queue tests (test/integration/queue-*.test.ts). Those tests need PostgreSQL and
 * run in the PostgreSQL pass of the integration suite (`npm run test:pg`, DELTALAB_TEST_DB=postgres);
 * in the SQLite pass there is no queue to test and they are skipped.
 */
export const ON_POSTGRES = TEST_DB === 'postgres';

export interface LogLine {
  event: string;
  level: string;
  [key: string]: unknown;
}

export interface ChildWorker {
  proc: ChildProcess;
  pid: number;
  lines: LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

const TSX = pathToFileURL(createRequire(path.resolve('package.json')).resolve('tsx')).href;

/** Queue settings short enough for tests: a lost job is noticed within seconds. */
export const FAST_QUEUE_ENV = {
  DELTALAB_GRADING_EXPIRE_SECONDS: '3',
  DELTALAB_QUEUE_MAINTENANCE_SECONDS: '1',
  DELTALAB_GRADING_RETRY_DELAY_SECONDS: '0',
  DELTALAB_QUEUE_POLL_SECONDS: '0.5',
  DELTALAB_WORKER_HEARTBEAT_SECONDS: '1',
};

/** Starts `scripts/worker.ts` as a real child process, exactly as `npm run worker` does. */
export function spawnWorker(env: Record<string, string>): ChildWorker {
  return spawnScript('scripts/worker.ts', env);
}

export function spawnScript(script: string, env: Record<string, string>, args: string[] = []): ChildWorker {
  const proc = spawn(process.execPath, ['--conditions=react-server', '--import', TSX, script, ...args], {
    env: { ...process.env, DELTALAB_LOG_LEVEL: 'info', DELTALAB_WORKER_CONCURRENCY: '1', ...FAST_QUEUE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const watchers = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const feed = (stream: NodeJS.ReadableStream, name: string) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          lines.push(JSON.parse(text) as LogLine);
        } catch {
          if (text.trim()) lines.push({ event: 'text', level: name, text });
        }
        for (const w of watchers) w();
      }
    });
  };
  feed(proc.stdout!, 'stdout');
  feed(proc.stderr!, 'stderr');
  return {
    proc,
    pid: proc.pid!,
    lines,
    exited,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find(match);
          if (hit) {
            cleanup();
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for a log line; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        void exited.then(() => setTimeout(() => {
          if (!lines.find(match)) {
            cleanup();
            reject(new Error(`process exited before the log line; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`));
          }
        }, 50));
        check();
      });
    },
  };
}

/** Stops a child worker: SIGTERM (graceful), SIGKILL if it does not exit in time. */
export async function stopChild(child: ChildWorker | undefined, timeoutMs = 15_000): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  await child.exited;
  clearTimeout(timer);
}

/** Polls `probe` until it returns a value other than undefined. */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
