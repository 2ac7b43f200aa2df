import 'server-only';
import { randomBytes } from 'node:crypto';
import { getAuth } from '../auth/auth';
import { siteUrl } from '../auth/config';
import { createAccount } from '../auth/users';
import { getConnection } from '../db';
import { ensureDefaultOffering } from '../db/offerings';
import { startScoreDelivery } from '../lti/ags';
import { gradingPool, recoverOnStart } from './grading';

export const DEMO_INSTRUCTOR_EMAIL = 'instructor@deltalab.local';

/**
 * Everything a fresh clone needs before the first request: the database migrated, the course with
 * its join code, a demo instructor (whose password is printed once, here), the grader pool warming
 * up, and the gradings a crash left unfinished enqueued again. Idempotent; runs once per
 * process.
 */
export async function prepareSite(opts: { log?: (line: string) => void; recover?: boolean } = {}): Promise<{ joinCode: string }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const connection = await getConnection();
  const { offering: course, created } = await ensureDefaultOffering(connection.db, process.env.DELTALAB_JOIN_CODE);
  if (created) {
    const auth = await getAuth();
    const password = process.env.DELTALAB_DEMO_PASSWORD || randomBytes(9).toString('base64url');
    await createAccount(auth, connection.db, { email: DEMO_INSTRUCTOR_EMAIL, password, name: 'Demo instructor', role: 'instructor' });
    log('');
    log('  deltalab: first start, database created');
    log(`    database          ${connection.config.kind === 'sqlite' ? connection.config.path : 'PostgreSQL'}`);
    log(`    demo instructor   ${DEMO_INSTRUCTOR_EMAIL} / ${password}`);
    log(`    course join code  ${course.join_code}   (students sign up at ${siteUrl()}/sign-up)`);
    log('');
  } else {
    log(`  deltalab: course join code ${course.join_code}`);
  }
  if (opts.recover !== false) {
    // Warm the sandboxes (on PostgreSQL they serve only the unrecorded Check button), then
    // re-enqueue what the last run left unfinished (submissions and regrade runs; on SQLite this
    // also starts the grading loop); neither blocks start-up.
    // Scores for LMS grade books (lib/lti/ags.ts) leave from the outbox in the background: in
    // this process on SQLite; on PostgreSQL the grading workers send them (lib/queue/lti-scores.ts).
    if (connection.config.kind === 'sqlite') startScoreDelivery(connection.db);
    const pool = gradingPool();
    void pool
      .ready()
      .catch((err: unknown) => console.error('[deltalab] the grader pool did not start:', err))
      .then(() => recoverOnStart())
      .catch((err: unknown) => console.error('[deltalab] recovery failed:', err));
  }
  return { joinCode: course.join_code };
}

const KEY = Symbol.for('deltalab.prepared');
type Holder = { [KEY]?: Promise<{ joinCode: string }> };

export function ensureSitePrepared(): Promise<{ joinCode: string }> {
  const holder = globalThis as Holder;
  holder[KEY] ??= prepareSite().catch((err: unknown) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}
