import type { Kysely } from 'kysely';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';
import { countedItemScore } from '../db/counted-item';
import { logEvent } from '../log';
import { MEDIA_TYPES, SCOPES } from './claims';
import { gradedItemInfo, membersOf } from './items';
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

export type GradedKind = 'exercise' | 'quiz';

/** What a line item can be linked to: one graded item, or a section or assignment placed whole. */
export type LinkedKind = GradedKind | 'section' | 'assignment';

type Score = { given: number; maximum: number };

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The student's counted score for a linked item as the LMS receives it: the gradebook's number
 * (lib/db/counted-item.ts: late factors, best or last, staff overrides) out of the item's points.
 * A section or assignment placed whole gets the gradebook's subtotal for it: its counted items
 * (lib/db/counted-items.ts, at the points the offering gives them) summed, out of their points.
 * Null when nothing in it is graded yet.
 */
async function linkedScore(db: Kysely<Database>, userId: string, offeringId: string, kind: LinkedKind, itemId: string): Promise<Score | null> {
  if (kind === 'exercise' || kind === 'quiz') {
    const info = gradedItemInfo(kind, itemId);
    if (!info) return null;
    const counted = await countedItemScore(db, offeringId, userId, { kind, id: itemId, section: info.section });
    if (counted === null) return null;
    return { given: round3(counted * info.points), maximum: info.points };
  }
  const members = await membersOf(db, offeringId, kind, itemId);
  let given = 0;
  let graded = false;
  for (const m of members) {
    const counted = await countedItemScore(db, offeringId, userId, m);
    if (counted !== null) graded = true;
    given += (counted ?? 0) * m.points;
  }
  if (!graded) return null;
  return { given: round3(given), maximum: round3(members.reduce((s, m) => s + m.points, 0)) };
}

/**
 * The line items a change to this exercise or quiz moves: links to the item itself, to its
 * section, and to the assignment of this offering that counts it.
 */
async function targetsOf(db: Kysely<Database>, offeringId: string, kind: GradedKind, itemId: string): Promise<{ kind: LinkedKind; id: string }[]> {
  const targets: { kind: LinkedKind; id: string }[] = [{ kind, id: itemId }];
  const info = gradedItemInfo(kind, itemId);
  if (info) targets.push({ kind: 'section', id: info.section });
  const assignments = await db
    .selectFrom('assignment_item as i')
    .innerJoin('assignment as a', 'a.id', 'i.assignment_id')
    .select('a.id')
    .where('a.offering_id', '=', offeringId)
    .where('i.item_kind', '=', kind)
    .where('i.item_id', '=', itemId)
    .execute();
  for (const a of assignments) targets.push({ kind: 'assignment', id: a.id });
  return targets;
}

/**
 * Queues the student's counted score for every line item linked to this exercise or quiz, or to
 * a section or assignment containing it, on a platform the student launched from. Returns how
 * many rows were queued. Never throws into the grading path or a staff action: a failure is
 * logged, and the next change queues again.
 */
export async function queueItemScore(db: Kysely<Database>, userId: string, offeringId: string | null, kind: GradedKind, itemId: string, now = Date.now()): Promise<number> {
  if (!offeringId) return 0;
  try {
    const targets = await targetsOf(db, offeringId, kind, itemId);
    const links = await db
      .selectFrom('lti_resource_link')
      .innerJoin('lti_platform', 'lti_platform.id', 'lti_resource_link.platform_id')
      // Only the links of the LMS course this offering belongs to.
      .innerJoin('lti_context', (j) => j.onRef('lti_context.platform_id', '=', 'lti_resource_link.platform_id').onRef('lti_context.context_id', '=', 'lti_resource_link.context_id'))
      .innerJoin('lti_user', (j) => j.onRef('lti_user.issuer', '=', 'lti_platform.issuer').on('lti_user.user_id', '=', userId))
      .select(['lti_resource_link.platform_id', 'lti_resource_link.lineitem_url', 'lti_resource_link.item_kind', 'lti_resource_link.item_id', 'lti_user.sub'])
      .where((eb) => eb.or(targets.map((t) => eb.and([eb('lti_resource_link.item_kind', '=', t.kind), eb('lti_resource_link.item_id', '=', t.id)]))))
      .where('lti_resource_link.lineitem_url', 'is not', null)
      .where('lti_context.offering_id', '=', offeringId)
      .execute();
    if (links.length === 0) return 0;
    // One computation per linked item, however many line items (platforms) link it.
    const scores = new Map<string, Score | null>();
    let queued = 0;
    for (const link of links) {
      const key = `${link.item_kind}:${link.item_id}`;
      if (!scores.has(key)) scores.set(key, await linkedScore(db, userId, offeringId, link.item_kind as LinkedKind, link.item_id));
      const score = scores.get(key);
      if (!score) continue;
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
            offering_id: offeringId,
            lineitem_url: lineItem,
            user_id: userId,
            lti_sub: link.sub,
            item_kind: link.item_kind,
            item_id: link.item_id,
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
    logEvent('error', 'lti.score_queue_failed', { userId, kind, itemId, error: err as Error });
    return 0;
  }
}

/** A graded submission, a submission or item override, a regrade: the exercise's counted score may have moved. */
export function queueExerciseScore(db: Kysely<Database>, userId: string, offeringId: string | null, exerciseId: string, now = Date.now()): Promise<number> {
  return queueItemScore(db, userId, offeringId, 'exercise', exerciseId, now);
}

/** A quiz attempt, an attempt or item override, a quiz regrade: the quiz's counted score may have moved. */
export function queueQuizScore(db: Kysely<Database>, userId: string, offeringId: string | null, quizId: string, now = Date.now()): Promise<number> {
  return queueItemScore(db, userId, offeringId, 'quiz', quizId, now);
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

/** After a quiz regrade run is stored: queues the counted quiz score of every student it regraded. */
export async function queueQuizScoresOfRun(db: Kysely<Database>, runId: string): Promise<void> {
  const run = await db.selectFrom('quiz_regrade_run').select(['offering_id', 'quiz_id']).where('id', '=', runId).executeTakeFirst();
  if (!run) return;
  const users = await db
    .selectFrom('quiz_regrade')
    .innerJoin('quiz_attempt', 'quiz_attempt.id', 'quiz_regrade.attempt_id')
    .select('quiz_attempt.user_id')
    .distinct()
    .where('quiz_regrade.run_id', '=', runId)
    .execute();
  for (const u of users) await queueQuizScore(db, u.user_id, run.offering_id, run.quiz_id);
}

/** How long a process holds a row it is sending before another may try it. */
const LEASE_MS = 60_000;

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped';

/**
 * Sends one outbox row to its line item's `/scores`. The row is leased first (its next attempt
 * moved past the lease, on the condition that nobody else moved it), so two processes never send
 * the same row at once; a row no longer pending (sent, or superseded by a newer score or a resend)
 * is skipped, which makes a repeated job harmless. A failure is written on the row (attempts,
 * error, next attempt after the backoff) for the staff page.
 */
export async function deliverRow(db: Kysely<Database>, id: string, opts: { now?: number; fetcher?: typeof fetch } = {}): Promise<{ outcome: DeliveryOutcome; error?: string }> {
  const now = opts.now ?? Date.now();
  const fetcher = opts.fetcher ?? fetch;
  const row = await db.selectFrom('lti_score_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.state !== 'pending') return { outcome: 'skipped' };
  const lease = await db
    .updateTable('lti_score_outbox')
    .set({ next_attempt_at: now + LEASE_MS })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '=', row.next_attempt_at)
    .executeTakeFirst();
  if (Number(lease.numUpdatedRows) !== 1) return { outcome: 'skipped' };
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
    return { outcome: 'sent' };
  } catch (err) {
    const message = (err as Error).message.slice(0, 500);
    await db
      .updateTable('lti_score_outbox')
      .set({ attempts, last_error: message, next_attempt_at: now + backoffMs(attempts) })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .execute();
    logEvent('warn', 'lti.score_delivery_failed', { outbox: row.id, attempts, error: message });
    return { outcome: 'failed', error: message };
  }
}

/** Sends the outbox rows that are due (the in-process loop on SQLite). Returns counts for logs and tests. */
export async function deliverScores(db: Kysely<Database>, opts: { now?: number; limit?: number; fetcher?: typeof fetch } = {}): Promise<{ sent: number; failed: number }> {
  const now = opts.now ?? Date.now();
  const due = await db.selectFrom('lti_score_outbox').select('id').where('state', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(opts.limit ?? 50).execute();
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const { outcome } = await deliverRow(db, id, { now, fetcher: opts.fetcher });
    if (outcome === 'sent') sent++;
    if (outcome === 'failed') failed++;
  }
  return { sent, failed };
}

/**
 * Staff's "resend": the row's score goes again as a new pending row, due now, whatever its
 * backoff; a pending row it replaces is superseded (a delivery job still holding it skips it).
 * Returns the new row's id, or null when there is no such row in the offering.
 */
export async function resendScore(db: Kysely<Database>, id: string, now = Date.now(), offeringId?: string): Promise<string | null> {
  let q = db.selectFrom('lti_score_outbox').selectAll().where('id', '=', id);
  if (offeringId !== undefined) q = q.where('offering_id', '=', offeringId);
  const row = await q.executeTakeFirst();
  if (!row || row.state === 'superseded') return null;
  const fresh = newId(now);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('lti_score_outbox').set({ state: 'superseded' }).where('lineitem_url', '=', row.lineitem_url).where('user_id', '=', row.user_id).where('state', '=', 'pending').execute();
    await trx
      .insertInto('lti_score_outbox')
      .values({ ...row, id: fresh, state: 'pending', attempts: 0, next_attempt_at: now, last_error: null, sent_at: null, created_at: now, scored_at: now })
      .execute();
  });
  return fresh;
}

export interface OutboxEntry {
  id: string;
  userId: string;
  itemKind: string;
  itemId: string;
  lineItem: string;
  scoreGiven: number;
  scoreMaximum: number;
  state: string;
  attempts: number;
  lastError: string | null;
  sentAt: number | null;
  nextAttemptAt: number;
  createdAt: number;
}

type OutboxRow = Database['lti_score_outbox'];

function toEntry(r: Omit<OutboxRow, 'attempts'> & { attempts: number | string }): OutboxEntry {
  return {
    id: r.id,
    userId: r.user_id,
    itemKind: r.item_kind,
    itemId: r.item_id,
    lineItem: r.lineitem_url,
    scoreGiven: Number(r.score_given),
    scoreMaximum: Number(r.score_maximum),
    state: r.state,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    nextAttemptAt: Number(r.next_attempt_at),
    createdAt: Number(r.created_at),
  };
}

/** The newest outbox rows (of one offering, when given). */
export async function listOutbox(db: Kysely<Database>, limit = 100, offeringId?: string): Promise<OutboxEntry[]> {
  let q = db.selectFrom('lti_score_outbox').selectAll().where('state', '!=', 'superseded');
  if (offeringId !== undefined) q = q.where('offering_id', '=', offeringId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toEntry);
}

export interface DeliveryStatus extends OutboxEntry {
  /** When a score for this line item and student last reached the LMS. */
  lastSyncAt: number | null;
}

/**
 * Per linked item and student of an offering: the newest score (sent or waiting, with its last
 * error) and when a score last reached the LMS. For the staff page.
 */
export async function deliveryStatus(db: Kysely<Database>, offeringId: string, limit = 500): Promise<DeliveryStatus[]> {
  const rows = await db.selectFrom('lti_score_outbox').selectAll().where('offering_id', '=', offeringId).where('state', '!=', 'superseded').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit * 4).execute();
  const out = new Map<string, DeliveryStatus>();
  for (const r of rows) {
    const key = `${r.lineitem_url}\u0000${r.user_id}`;
    const entry = out.get(key);
    const sentAt = r.sent_at === null ? null : Number(r.sent_at);
    if (!entry) out.set(key, { ...toEntry(r), lastSyncAt: sentAt });
    else if (sentAt !== null && (entry.lastSyncAt === null || sentAt > entry.lastSyncAt)) entry.lastSyncAt = sentAt;
  }
  return [...out.values()].slice(0, limit);
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
