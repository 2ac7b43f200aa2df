import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { GradingResult } from '../../grader/results';
import { verdictMatches, type HostileCase } from './cases';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SOLUTION = readFileSync(path.join(root, 'exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts'), 'utf8');

/*
 * Gradings are limited in CPU time (issue 11), and the verdict says which limit ended one
 * (`timeout`, `memory_limit`). How long a grading takes on the wall clock depends on the machine's
 * load, so no test here asserts it (a load average read once at start-up said little about the
 * minutes after): the figures belong to `npm run bench:grader` and `npm run test:load`.
 */

export function startPool(): GraderPool {
  return createPool({ size: 2, deadlineMs: 10_000 });
}

export function grade(pool: GraderPool, code: string): Promise<GradingResult> {
  return pool.grade({ exerciseId: 'sigmoid-prime', code, mode: 'submit' });
}

// The test process's own built-ins and globals, to prove learner code never ran here.
const host = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  abs: Math.abs,
  exp: Math.exp,
  map: Array.prototype.map,
  valueOf: Number.prototype.valueOf,
  keys: Object.keys,
  prepareStackTrace: Error.prepareStackTrace,
  stackTraceLimit: Error.stackTraceLimit,
  globals: Object.getOwnPropertyNames(globalThis).sort().join(','),
  objectProto: Object.getOwnPropertyNames(Object.prototype).sort().join(','),
};

export function expectHostUntouched(): void {
  expect(JSON.stringify).toBe(host.stringify);
  expect(JSON.parse).toBe(host.parse);
  expect(Math.abs).toBe(host.abs);
  expect(Math.exp).toBe(host.exp);
  expect(Array.prototype.map).toBe(host.map);
  expect(Number.prototype.valueOf).toBe(host.valueOf);
  expect(Object.keys).toBe(host.keys);
  expect(Error.prepareStackTrace).toBe(host.prepareStackTrace);
  expect(Error.stackTraceLimit).toBe(host.stackTraceLimit);
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(host.objectProto);
  expect(Object.getOwnPropertyNames(globalThis).sort().join(',')).toBe(host.globals);
  expect(JSON.stringify({ a: [1, 2] })).toBe('{"a":[1,2]}');
  expect(Math.abs(-2)).toBe(2);
}

/** Grades one hostile case, checks its verdict and the host, then proves the pool still grades correctly. */
export async function runCase(pool: GraderPool, c: HostileCase): Promise<void> {
  const r = await grade(pool, c.code);
  expect(GradingResult.safeParse(r).success).toBe(true);
  expect({ status: r.status, summary: r.summary }).toMatchObject({ status: verdictMatches(c, r.status) ? r.status : c.expect });
  expect(r.score).toBeLessThan(1);
  if (c.console) expect(r.console.text).toMatch(c.console);
  expect(r.console.text.length).toBeLessThanOrEqual(64 * 1024);
  expectHostUntouched();
  const next = await grade(pool, SOLUTION);
  expect(next.status).toBe('passed');
}
