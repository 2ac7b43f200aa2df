import { getSharedPool, type GraderPool } from '../../grader/pool';

/**
 * The sandbox pool that grades in this process: the process-wide warm one, or one a test handed
 * in. Kept on globalThis so every bundle of a Next.js server (route handlers, instrumentation)
 * grades through the same override.
 */
const OVERRIDE = Symbol.for('deltalab.gradingPoolOverride');
type Holder = { [OVERRIDE]?: GraderPool };

export function setGradingPool(pool: GraderPool | undefined): void {
  (globalThis as Holder)[OVERRIDE] = pool;
}

export function gradingPool(): GraderPool {
  return (globalThis as Holder)[OVERRIDE] ?? getSharedPool();
}
