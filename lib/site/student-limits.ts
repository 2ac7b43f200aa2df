import 'server-only';
import type { Kysely } from 'kysely';
import type { Database } from '../db';
import type { Locale } from '../i18n/locales';
import { t } from '../i18n/t';
import { AccessError } from './errors';

/**
 * Per-student limits on Check and Submit, so that one account cannot fill the graders or the
 * database for everyone else (a script pressing Check in a loop, or storing 20 submissions a
 * second).
 *
 * - Submit: at most `submitPerMinute` new submissions in any 60 s, counted in the database
 *   (SQLite or PostgreSQL), so the limit holds across every web server of a deployment. A retried
 *   idempotency key is not a new submission and is never refused. The in-flight limit (4 waiting)
 *   is in lib/site/submissions.ts.
 * - Check: nothing is recorded, so it is counted in this process's memory: at most
 *   `checkPerMinute` in any 60 s and `checkInFlight` running at once per student. With several
 *   web servers behind a balancer each counts its own; a student spread over N servers gets at
 *   most N times the rate, and every server's grader pool is still protected.
 *
 * Settings: DELTALAB_CHECK_PER_MINUTE (30), DELTALAB_CHECK_IN_FLIGHT (2),
 * DELTALAB_SUBMIT_PER_MINUTE (10).
 */
export interface StudentLimits {
  checkPerMinute: number;
  checkInFlight: number;
  submitPerMinute: number;
}

const WINDOW_MS = 60_000;

export function studentLimits(env: NodeJS.ProcessEnv = process.env): StudentLimits {
  const setting = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return Number.isInteger(n) && n >= 1 ? n : fallback;
  };
  return {
    checkPerMinute: setting('DELTALAB_CHECK_PER_MINUTE', 30),
    checkInFlight: setting('DELTALAB_CHECK_IN_FLIGHT', 2),
    submitPerMinute: setting('DELTALAB_SUBMIT_PER_MINUTE', 10),
  };
}

type CheckState = { starts: number[]; running: number };
const KEY = Symbol.for('deltalab.check-limiter');
type Holder = { [KEY]?: Map<string, CheckState> };

function checkStates(): Map<string, CheckState> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/**
 * Admits one Check of `userId` or refuses it with a 429 (Retry-After, a sentence in `locale`).
 * The caller must call the returned function when the Check ends, however it ends.
 */
export function admitCheck(userId: string, locale: Locale, limits: StudentLimits = studentLimits(), now = Date.now()): () => void {
  const states = checkStates();
  const state = states.get(userId) ?? { starts: [], running: 0 };
  state.starts = state.starts.filter((t) => t > now - WINDOW_MS);
  if (state.running >= limits.checkInFlight) {
    states.set(userId, state);
    throw new AccessError(429, t(locale, 'limits.checkRunning'), 2);
  }
  if (state.starts.length >= limits.checkPerMinute) {
    const seconds = Math.ceil((state.starts[state.starts.length - limits.checkPerMinute]! + WINDOW_MS - now) / 1000);
    states.set(userId, state);
    throw new AccessError(429, t(locale, 'limits.checkTooFast', { limit: limits.checkPerMinute, seconds }), seconds);
  }
  state.starts.push(now);
  state.running += 1;
  states.set(userId, state);
  prune(states, now);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    state.running -= 1;
  };
}

/** Forget students idle for a minute, so the map holds only the active ones. */
function prune(states: Map<string, CheckState>, now: number): void {
  if (states.size < 1000) return;
  for (const [id, s] of states) if (s.running === 0 && (s.starts.at(-1) ?? 0) <= now - WINDOW_MS) states.delete(id);
}

/** For tests: forget every count of this process. */
export function resetCheckLimiter(): void {
  checkStates().clear();
}

/** Refuses (429) a new submission of `userId` when they already made `submitPerMinute` in the last 60 s. */
export async function admitSubmission(db: Kysely<Database>, userId: string, locale: Locale, limits: StudentLimits = studentLimits(), now = Date.now()): Promise<void> {
  const recent = await db
    .selectFrom('submission')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('created_at', '>', now - WINDOW_MS)
    .orderBy('created_at', 'desc')
    .limit(limits.submitPerMinute)
    .execute();
  if (recent.length < limits.submitPerMinute) return;
  // The oldest of the last `submitPerMinute` leaves the window first.
  const seconds = Math.max(1, Math.ceil((Number(recent[recent.length - 1]!.created_at) + WINDOW_MS - now) / 1000));
  throw new AccessError(429, t(locale, 'limits.submitTooFast', { limit: limits.submitPerMinute, seconds }), seconds);
}
