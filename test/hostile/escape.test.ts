import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraderPool } from '../../grader/pool';
import { ESCAPE, FORGERY, LIES } from './cases';
import { expectHostUntouched, grade, runCase, startPool } from './harness';

let pool: GraderPool;
beforeAll(async () => {
  pool = startPool();
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

describe.concurrent('code that reaches for the host', () => {
  it.each(ESCAPE)('$name → $expect', (c) => runCase(pool, c));
});

describe.concurrent('code that forges results', () => {
  it.each(FORGERY)('$name → $expect', (c) => runCase(pool, c));
});

describe.concurrent('code that lies about its answer', () => {
  it.each(LIES)('$name → $expect', (c) => runCase(pool, c));
});

describe('state left behind', () => {
  it('is invisible to the next grading', async () => {
    const polluter = [
      '(globalThis as any).__answer = (x: number) => { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); };',
      '(Object.prototype as any).__poisoned = true;',
      'Math.exp = () => 0;',
      'JSON.stringify = () => "0.25";',
      'export const sigmoidPrime = (x: number) => -1;',
    ].join('\n');
    const reader = [
      'export function sigmoidPrime(x: number): number {',
      '  const g = globalThis as any;',
      '  if (typeof g.__answer === "function" || ({} as any).__poisoned || Math.exp(0) === 0 || JSON.stringify(1) === "0.25") return g.__answer ? g.__answer(x) : 0.25;',
      '  return -1;',
      '}',
    ].join('\n');
    expect((await grade(pool, polluter)).status).toBe('failed');
    // Gradings take turns between the two children; three at once reach both.
    const next = await Promise.all([grade(pool, reader), grade(pool, reader), grade(pool, reader)]);
    expect(next.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expectHostUntouched();
  });
});
