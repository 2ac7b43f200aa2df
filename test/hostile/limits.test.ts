import { afterAll, beforeAll, describe, it } from 'vitest';
import type { GraderPool } from '../../grader/pool';
import { MEMORY, TIME } from './cases';
import { runCase, startPool } from './harness';

let pool: GraderPool;
beforeAll(async () => {
  pool = startPool();
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

// Limits are CPU time: on a machine busy with other work each of these takes longer in wall-clock
// time (the verdict does not change), so the wall-clock test timeout leaves room for that.
describe.concurrent('code that never ends', { timeout: 180_000 }, () => {
  it.each(TIME)('$name → $expect', (c) => runCase(pool, c));
});

describe.concurrent('code that eats memory', { timeout: 180_000 }, () => {
  it.each(MEMORY)('$name → $expect', (c) => runCase(pool, c));
});
