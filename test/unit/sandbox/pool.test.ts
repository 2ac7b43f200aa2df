import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, PoolBusyError, type GraderPool } from '../../../grader/pool';
import type { GradingResult } from '../../../grader/results';
import { alive, until } from './wait';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const fakeChild = path.join(here, 'fake-child.ts');

const job = (code: string) => ({ exerciseId: 'fake', code, mode: 'submit' as const });
const grader = (r: GradingResult) => Number(/graded by (\d+)/.exec(r.summary)?.[1]);

describe('pool with a scripted child', () => {
  let pool: GraderPool;
  beforeAll(async () => {
    pool = createPool({ size: 2, childModule: fakeChild, deadlineMs: 2000 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('queues gradings beyond its size and completes them all', async () => {
    const results = Promise.all(Array.from({ length: 10 }, () => pool.grade(job('sleep:30'))));
    // Dispatch is synchronous: the two children hold a grading each as soon as grade() returns.
    expect(pool.stats()).toMatchObject({ size: 2, busy: 2, idle: 0, queued: 8 });
    const done = await results;
    expect(done.map((r) => r.status)).toEqual(Array(10).fill('passed'));
    expect(new Set(done.map(grader)).size).toBe(2);
    expect(pool.stats()).toMatchObject({ busy: 0, idle: 2, queued: 0 });
  });

  it('kills a child that misses its deadline, says timeout once, and replaces it', async () => {
    const before = pool.stats().restarts;
    const r = await pool.grade(job('hang'), { deadlineMs: 300 });
    expect(r.status).toBe('timeout');
    expect(r.score).toBe(0);
    expect(r.summary).toMatch(/longer than 0\.3 seconds/);
    const next = await pool.grade(job('ok'));
    expect(next.status).toBe('passed');
    expect(pool.stats().restarts).toBe(before + 1);
  });

  it.each([
    ['aborts', 'abort', 'memory_limit'],
    ['exits', 'exit', 'memory_limit'],
    ['sends an unknown message', 'garbage', 'runtime_error'],
    ['sends a result that is not a GradingResult', 'invalid', 'runtime_error'],
  ])('gives one verdict when the child %s, and loses nothing else', async (_what, code, status) => {
    const bystanders = Array.from({ length: 4 }, () => pool.grade(job('sleep:20')));
    const r = await pool.grade(job(code));
    expect(r.status).toBe(status);
    expect(r.score).toBe(0);
    expect((await Promise.all(bystanders)).map((b) => b.status)).toEqual(Array(4).fill('passed'));
    expect((await pool.grade(job('ok'))).status).toBe('passed');
    // The successor (a promoted spare, or a fresh child) was counted when the old child was lost.
    expect(pool.stats().size).toBe(2);
  });

  it('kills a child whose memory grows past the limit, says memory_limit, and replaces it', async () => {
    const small = createPool({ size: 1, childModule: fakeChild, deadlineMs: 8000, childMemoryMb: 300 });
    try {
      await small.ready();
      // `grow` uses little CPU time: its 8 s budget cannot end it, only the memory watch can.
      const r = await small.grade(job('grow'));
      expect(r.status).toBe('memory_limit');
      expect(r.score).toBe(0);
      expect(r.summary).toMatch(/too much memory/);
      expect((await small.grade(job('ok'))).status).toBe('passed');
      expect(small.stats().restarts).toBe(1);
    } finally {
      await small.close();
    }
  });

  it('writes the pool verdict in the student language', async () => {
    const r = await pool.grade({ ...job('hang'), locale: 'zh' }, { deadlineMs: 200 });
    expect(r.summary).toMatch(/评测超过/);
  });

  it('rejects an invalid job without bothering a child', async () => {
    await expect(pool.grade({ exerciseId: '', code: 'x', mode: 'submit' })).rejects.toThrow(/Invalid grading job/);
  });

  it('refuses code too large to ship as a compile error', async () => {
    const r = await pool.grade(job('x'.repeat(2 * 1024 * 1024)));
    expect(r.status).toBe('compile_error');
    expect(r.compileErrors).toHaveLength(1);
  });
});

describe('pool limits and lifecycle', () => {
  it('bounds its queue', async () => {
    const pool = createPool({ size: 1, maxQueue: 2, childModule: fakeChild });
    try {
      await pool.ready();
      const accepted = [pool.grade(job('sleep:100')), pool.grade(job('sleep:10')), pool.grade(job('sleep:10'))];
      await expect(pool.grade(job('ok'))).rejects.toBeInstanceOf(PoolBusyError);
      expect((await Promise.all(accepted)).map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    } finally {
      await pool.close();
    }
  });

  it('replaces a child after recycleAfter gradings without a gap in service', { timeout: 120_000 }, async () => {
    const pool = createPool({ size: 1, recycleAfter: 2, childModule: fakeChild });
    try {
      const first = grader(await pool.grade(job('ok')));
      expect(grader(await pool.grade(job('ok')))).toBe(first);
      // Its successor is starting; the old child keeps grading (every grading passes) until the
      // successor is ready and takes over. However long that takes on a loaded machine.
      let pid = first;
      while (pid === first) {
        const r = await pool.grade(job('sleep:10'));
        expect(r.status).toBe('passed');
        pid = grader(r);
      }
      expect(pool.stats()).toMatchObject({ size: 1, restarts: 1 });
      await until(() => !alive(first));
    } finally {
      await pool.close();
    }
  });

  it('rejects waiting gradings when children cannot start', async () => {
    process.env.DELTALAB_FAKE_CHILD_STARTUP = 'crash';
    const pool = createPool({ size: 1, childModule: fakeChild });
    try {
      const waiting = expect(pool.grade(job('ok'))).rejects.toThrow(/could not start/);
      await expect(pool.ready()).rejects.toThrow(/could not start/);
      await waiting;
      await expect(pool.grade(job('ok'))).rejects.toThrow(/could not start/);
    } finally {
      delete process.env.DELTALAB_FAKE_CHILD_STARTUP;
      await pool.close();
    }
  });

  it('close() rejects what is pending and kills every child', async () => {
    const pool = createPool({ size: 1, childModule: fakeChild });
    await pool.ready();
    const running = expect(pool.grade(job('hang'))).rejects.toThrow(/closed/);
    const queued = expect(pool.grade(job('ok'))).rejects.toThrow(/closed/);
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 1 });
    await pool.close();
    await running;
    await queued;
    expect(pool.stats()).toMatchObject({ size: 0, busy: 0, queued: 0 });
  });
});

// Real children load isolated-vm and esbuild: on a loaded machine each takes seconds to start.
describe('pool with real sandbox children', { timeout: 180_000 }, () => {
  let pool: GraderPool;
  beforeAll(async () => {
    pool = createPool({ size: 1 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('grades, kills a child stuck past its deadline, and grades again', async () => {
    const ok = await pool.grade({ exerciseId: 'sigmoid-prime', code: 'export const sigmoidPrime = (x: number) => x;', mode: 'check' });
    expect(ok.status).toBe('failed');
    const stuck = await pool.grade({ exerciseId: 'sigmoid-prime', code: 'export function sigmoidPrime(x: number) { for (;;) {} }', mode: 'check' }, { deadlineMs: 300 });
    expect(stuck.status).toBe('timeout');
    const again = await pool.grade({ exerciseId: 'sigmoid-prime', code: 'export const sigmoidPrime = (x: number) => x;', mode: 'check' });
    expect(again.status).toBe('failed');
    expect(pool.stats().restarts).toBe(1);
  });

  it('children die with their parent', async () => {
    const script = `
      import { createPool } from ${JSON.stringify(path.join(root, 'grader/pool.ts'))};
      const pool = createPool({ size: 2, spares: 1 });
      await pool.ready();
      while (pool.stats().spares !== 1) await new Promise((r) => setTimeout(r, 20));
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        parent.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
      });
      const { stdout } = await promisify(execFile)('pgrep', ['-P', String(parent.pid), '-f', 'sandbox/child.ts']);
      const children = stdout.split('\n').filter(Boolean).map(Number);
      expect(children).toHaveLength(3); // two working children and the warm spare
      parent.kill('SIGKILL');
      // They notice the parent is gone (the IPC channel closes) and exit; wait for that, however long.
      await until(() => !children.some(alive), 100);
      expect(children.filter(alive)).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
      parent.stdout!.destroy();
    }
  });
});
