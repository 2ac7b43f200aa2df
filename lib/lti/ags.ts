import type { Kysely } from 'kysely';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';
import { itemOverrideKey, itemOverridesInForce } from '../db/item-overrides';
import { loadScoredSubmissions } from '../db/scores';
import { logEvent } from '../log';
import { MEDIA_TYPES, SCOPES } from './claims';
import { getPlatform } from './platforms';
import { forgetServiceToken, ServiceError, serviceToken } from './service-token';

/**
 * Grade passback (AGS 2.0 §3.4): when the score that counts for a student on a linked item changes,
 * a row goes into the outbox (`lti_score_outbox`); delivery sends it to the line item's `/scores`
 * endpoint later, retrying with backoff while the LMS is down. Queuing is one insert in the
 * grading path, so a slow or absent LMS never holds up a student. Scores carry their own
 * timestamp, and a newer queued score supersedes an unsent older one, so nothing is sent twice.
 */

/** Retry after 30 s, 1 min, 2 min, … at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** A line item's scores endpoint: `/scores` appended to its path, its query kept (AGS §3.4). */
export function scoresUrl(lineItem: string): string {
  const url = new URL(lineItem);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

/**
 * The counted score of an exercise for a student in an offering: staff's item override when one is
 * in force, else the best of their submissions' counted scores (lib/db/scores.ts).
 */
async function exerciseScore(db: Kysely<Database>, userId: string, offeringId: string, exerciseId: string): Promise<{ given: number; maximum: number } | null> {
  const max = await db
    .selectFrom('submission')
    .select('max_points')
    .where('user_id', '=', userId)
    .where('exercise_id', '=', exerciseId)
    .where('max_points', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const maximum = Number(max?.max_points ?? 1) || 1;
  const override = (await itemOverridesInForce(db, offeringId, [userId])).get(itemOverrideKey(userId, 'exercise', exerciseId));
  let best: number | null = override ? override.score : null;
  if (best === null) {
    const scored = await loadScoredSubmissions(db, { offeringId, userIds: [userId], exerciseId });
    best = scored.reduce<number | null>((m, s) => (s.score === null ? m : Math.max(m ?? 0, s.score)), null);
  }
  if (best === null) return null;
  return { given: Math.round(best * maximum * 1000) / 1000, maximum };
}

/**
 * Queues the student's counted score for every line item linked to this exercise on a platform the
 * student launched from. Returns how many rows were queued. Never throws into the grading path.
 */
export async function queueExerciseScore(db: Kysely<Database>, userId: string, offeringId: string | null, exerciseId: string, now = Date.now()): Promise<number> {
  if (!offeringId) return 0;
  try {
    const links = await db
      .selectFrom('lti_resource_link')
      .innerJoin('lti_platform', 'lti_platform.id', 'lti_resource_link.platform_id')
      // Only the links of the LMS course this offering belongs to.
      .innerJoin('lti_context', (j) => j.onRef('lti_context.platform_id', '=', 'lti_resource_link.platform_id').onRef('lti_context.context_id', '=', 'lti_resource_link.context_id'))
      .innerJoin('lti_user', (j) => j.onRef('lti_user.issuer', '=', 'lti_platform.issuer').on('lti_user.user_id', '=', userId))
      .select(['lti_resource_link.platform_id', 'lti_resource_link.lineitem_url', 'lti_user.sub'])
      .where('lti_resource_link.item_kind', '=', 'exercise')
      .where('lti_resource_link.item_id', '=', exerciseId)
      .where('lti_resource_link.lineitem_url', 'is not', null)
      .where('lti_context.offering_id', '=', offeringId)
      .execute();
    if (links.length === 0) return 0;
    const score = await exerciseScore(db, userId, offeringId, exerciseId);
    if (!score) return 0;
    let queued = 0;
    for (const link of links) {
      const lineItem = link.lineitem_url!;
      const last = await db
        .selectFrom('lti_score_outbox')
        .select(['score_given', 'score_maximum', 'state'])
        .where('lineitem_url', '=', lineItem)
        .where('user_id', '=', userId)
        .where('state', '!=', 'superseded')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      // The same score again (a duplicate delivery, a regrade that changed nothing): nothing to send.
      if (last && Number(last.score_given) === score.given && Number(last.score_maximum) === score.maximum) continue;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('lti_score_outbox').set({ state: 'superseded' }).where('lineitem_url', '=', lineItem).where('user_id', '=', userId).where('state', '=', 'pending').execute();
        await trx
          .insertInto('lti_score_outbox')
          .values({
            id: newId(now),
            platform_id: link.platform_id,
            lineitem_url: lineItem,
            user_id: userId,
            lti_sub: link.sub,
            item_kind: 'exercise',
            item_id: exerciseId,
            score_given: score.given,
            score_maximum: score.maximum,
            scored_at: now,
            state: 'pending',
            next_attempt_at: now,
            last_error: null,
            sent_at: null,
            created_at: now,
          })
          .execute();
      });
      queued++;
    }
    return queued;
  } catch (err) {
    logEvent('error', 'lti.score_queue_failed', { userId, exerciseId, error: err as Error });
    return 0;
  }
}

/** After a regrade run is applied: queues the counted score of every student it covered. */
export async function queueExerciseScoresOfRun(db: Kysely<Database>, runId: string): Promise<void> {
  const run = await db.selectFrom('regrade_run').select(['offering_id', 'exercise_id']).where('id', '=', runId).executeTakeFirst();
  if (!run) return;
  const users = await db
    .selectFrom('regrade_target')
    .innerJoin('submission', 'submission.id', 'regrade_target.submission_id')
    .select('submission.user_id')
    .distinct()
    .where('regrade_target.run_id', '=', runId)
    .execute();
  for (const u of users) await queueExerciseScore(db, u.user_id, run.offering_id, run.exercise_id);
}

/** How long a process holds a row it is sending before another may try it. */
const LEASE_MS = 60_000;

/**
 * Sends the outbox rows that are due. Each row is leased first (its next attempt moved past the
 * lease) so two processes never send the same row at once. Returns counts for logs and tests.
 */
export async function deliverScores(db: Kysely<Database>, opts: { now?: number; limit?: number; fetcher?: typeof fetch } = {}): Promise<{ sent: number; failed: number }> {
  const now = opts.now ?? Date.now();
  const fetcher = opts.fetcher ?? fetch;
  const due = await db.selectFrom('lti_score_outbox').selectAll().where('state', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(opts.limit ?? 50).execute();
  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const lease = await db
      .updateTable('lti_score_outbox')
      .set({ next_attempt_at: now + LEASE_MS })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    if (Number(lease.numUpdatedRows) !== 1) continue;
    const attempts = Number(row.attempts) + 1;
    try {
      const platform = await getPlatform(db, row.platform_id);
      if (!platform) throw new ServiceError('platform registration removed', null);
      const token = await serviceToken(db, platform, [SCOPES.score], fetcher);
      const res = await fetcher(scoresUrl(row.lineitem_url), {
        method: 'POST',
        headers: { 'content-type': MEDIA_TYPES.score, authorization: `Bearer ${token}` },
        body: JSON.stringify({
          userId: row.lti_sub,
          scoreGiven: Number(row.score_given),
          scoreMaximum: Number(row.score_maximum),
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          timestamp: new Date(Number(row.scored_at)).toISOString(),
        }),
        signal: AbortSignal.timeout(10_000),
      }).catch((err: unknown) => {
        throw new ServiceError(`scores endpoint unreachable: ${(err as Error).message}`, null);
      });
      if (res.status === 401) forgetServiceToken(platform, [SCOPES.score]);
      if (!res.ok) throw new ServiceError(`scores endpoint answered ${res.status}`, res.status);
      await db.updateTable('lti_score_outbox').set({ state: 'sent', sent_at: Date.now(), attempts, last_error: null }).where('id', '=', row.id).execute();
      sent++;
    } catch (err) {
      failed++;
      const message = (err as Error).message.slice(0, 500);
      await db
        .updateTable('lti_score_outbox')
        .set({ attempts, last_error: message, next_attempt_at: now + backoffMs(attempts) })
        .where('id', '=', row.id)
        .where('state', '=', 'pending')
        .execute();
      logEvent('warn', 'lti.score_delivery_failed', { outbox: row.id, attempts, error: message });
    }
  }
  return { sent, failed };
}

/** Staff's "resend": due now, whatever its backoff (a sent row is queued again as a new row). */
export async function resendScore(db: Kysely<Database>, id: string, now = Date.now()): Promise<boolean> {
  const row = await db.selectFrom('lti_score_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.state === 'superseded') return false;
  if (row.state === 'pending') {
    await db.updateTable('lti_score_outbox').set({ next_attempt_at: now }).where('id', '=', id).execute();
    return true;
  }
  await db
    .insertInto('lti_score_outbox')
    .values({ ...row, id: newId(now), state: 'pending', attempts: 0, next_attempt_at: now, last_error: null, sent_at: null, created_at: now, scored_at: now })
    .execute();
  return true;
}

export interface OutboxEntry {
  id: string;
  userId: string;
  itemId: string;
  lineItem: string;
  scoreGiven: number;
  scoreMaximum: number;
  state: string;
  attempts: number;
  lastError: string | null;
  sentAt: number | null;
  createdAt: number;
}

/** The newest outbox rows, for the staff page (last sync, failures). */
export async function listOutbox(db: Kysely<Database>, limit = 100): Promise<OutboxEntry[]> {
  const rows = await db.selectFrom('lti_score_outbox').selectAll().where('state', '!=', 'superseded').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    itemId: r.item_id,
    lineItem: r.lineitem_url,
    scoreGiven: Number(r.score_given),
    scoreMaximum: Number(r.score_maximum),
    state: r.state,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    createdAt: Number(r.created_at),
  }));
}

/** Delivers due scores every `everyMs` in this process until stopped. */
export function startScoreDelivery(db: Kysely<Database>, everyMs = 5_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverScores(db)
      .catch((err: unknown) => logEvent('error', 'lti.score_delivery_loop_failed', { error: err as Error }))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
