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

describe.concurrent('code that never ends', () => {
  it.each(TIME)('$name → $expect', (c) => runCase(pool, c));
});

describe.concurrent('code that eats memory', () => {
  it.each(MEMORY)('$name → $expect', (c) => runCase(pool, c));
});
