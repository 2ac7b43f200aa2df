import type { SubmissionRow } from '../db/submissions';
import { logEvent } from '../log';

/**
 * Test hook (test/integration only): when DELTALAB_WORKER_TEST_HOOK is `hang` or `crash`, a
 * submission whose code contains `deltalab-test-hook` makes the process grading it hang forever
 * or kill itself with SIGKILL after claiming the row: a grader dying mid-job, on demand, on either
 * queue backend. Unset in production, where it does nothing.
 */
const TEST_MARKER = 'deltalab-test-hook';

export function testHookFromEnv(fields: Record<string, unknown>): ((row: SubmissionRow) => Promise<void>) | undefined {
  const hook = process.env.DELTALAB_WORKER_TEST_HOOK;
  if (hook !== 'hang' && hook !== 'crash') return undefined;
  return async (row) => {
    if (!row.code.includes(TEST_MARKER)) return;
    logEvent('warn', 'worker.test_hook', { ...fields, hook, submission: row.id });
    if (hook === 'crash') process.kill(process.pid, 'SIGKILL');
    await new Promise<never>(() => undefined);
  };
}
