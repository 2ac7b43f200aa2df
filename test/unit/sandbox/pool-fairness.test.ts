import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type GraderPool } from '../../../grader/pool';
import { until } from './wait';

const fakeChild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-child.ts');
const job = (code: string) => ({ exerciseId: 'fake', code, mode: 'check' as const });

describe('pool fairness between owners', { timeout: 120_000 }, () => {
  let pool: GraderPool;
  beforeAll(async () => {
    pool = createPool({ size: 2, spares: 1, childModule: fakeChild, deadlineMs: 5_000 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool?.close();
  });

  it("serves another owner's grading before the rest of one owner's queue", async () => {
    const order: string[] = [];
    const flood = Array.from({ length: 6 }, (_, i) => pool.grade(job('sleep:40'), { owner: 'flooder' }).then(() => order.push(`flooder ${i}`)));
    const victim = pool.grade(job('sleep:40'), { owner: 'victim' }).then(() => order.push('victim'));
    await Promise.all([...flood, victim]);
    // One child at most for the flooder (half the pool): the victim takes the other at once.
    expect(order.indexOf('victim')).toBeLessThanOrEqual(1);
  });

  it('gives a killed child’s place to a warm spare', async () => {
    await until(() => pool.stats().spares === 1);
    const before = pool.stats().restarts;
    const r = await pool.grade(job('hang'), { deadlineMs: 200, owner: 'flooder' });
    expect(r.status).toBe('timeout');
    // The next grading needs no child start: the spare was promoted when the child was killed.
    expect(pool.stats()).toMatchObject({ size: 2, idle: 2 });
    expect((await pool.grade(job('ok'), { owner: 'victim' })).status).toBe('passed');
    expect(pool.stats().restarts).toBe(before + 1);
  });

  it.runIf(process.platform === 'linux')('does not call a grading a timeout when only the wall clock ran past its budget', async () => {
    // A budget of 200 ms of CPU time; `sleep:600` waits 600 ms using none (as a starved child would).
    const small = createPool({ size: 1, spares: 0, childModule: fakeChild, deadlineMs: 200 });
    try {
      await small.ready();
      expect((await small.grade(job('sleep:600'))).status).toBe('passed');
      expect((await small.grade(job('hang'))).status).toBe('timeout');
    } finally {
      await small.close();
    }
  });

  it.runIf(process.platform === 'linux')('counts a grading\'s CPU time from its budget message, not from the child\'s own work before it', async () => {
    // The default budget is 200 ms; the child spends 600 ms of CPU time of its own before it sends
    // the exercise's budget. Counted from dispatch, this grading would be a timeout.
    const small = createPool({ size: 1, spares: 0, childModule: fakeChild, deadlineMs: 200 });
    try {
      await small.ready();
      expect((await small.grade(job('prepare:600'))).status).toBe('passed');
      expect((await small.grade(job('hang'))).status).toBe('timeout');
    } finally {
      await small.close();
    }
  });
});
