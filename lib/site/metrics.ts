import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { isCourseStaff, type Viewer } from '../auth/roles';
import { getConnection } from '../db';
import { SUBMISSION_STATUSES } from '../db/schema';
import { liveWorkers } from '../db/workers';
import { BOSS_SCHEMA, GRADE_DEAD_QUEUE, GRADE_QUEUE } from '../queue/config';
import { AccessError } from './errors';

/**
 * Health and metrics. Everything is computed from the database, so any web server answers for the
 * whole deployment (all web servers and all workers), not only for itself.
 */

/** A worker not seen for this long is presumed gone (heartbeats come every few seconds). */
const WORKER_FRESH_MS = 30_000;
/** Heartbeat rows older than this are deleted when health is asked. */
const WORKER_PRUNE_MS = 24 * 60 * 60 * 1000;
/** Latency figures cover submissions graded in this window. */
export const LATENCY_WINDOW_MS = 15 * 60 * 1000;
const LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface Health {
  ok: boolean;
  database: 'sqlite' | 'postgres';
  databaseReachable: boolean;
  /** PostgreSQL: grading workers seen in the last 30 s. */
  workers?: number;
}

export async function health(): Promise<Health> {
  let kind: 'sqlite' | 'postgres' = 'sqlite';
  try {
    const { db, config } = await getConnection();
    kind = config.kind;
    await sql`select 1`.execute(db);
    if (kind === 'sqlite') return { ok: true, database: kind, databaseReachable: true };
    const now = Date.now();
    const workers = (await liveWorkers(db, now - WORKER_FRESH_MS, now - WORKER_PRUNE_MS)).length;
    return { ok: workers > 0, database: kind, databaseReachable: true, workers };
  } catch {
    return { ok: false, database: kind, databaseReachable: false };
  }
}

/**
 * Who may read metrics: course staff (instructor or staff session), or a caller presenting
 * `Authorization: Bearer <METRICS_TOKEN>` (a scraper). Anyone else: 401/403.
 */
export function authorizeMetrics(viewer: Viewer | null, authorization: string | null, token = process.env.METRICS_TOKEN): void {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (bearer !== undefined) {
    if (token && token.length >= 16 && safeEqual(bearer, token)) return;
    throw new AccessError(401, 'invalid metrics token');
  }
  if (!viewer) throw new AccessError(401, 'sign in or present the metrics token');
  if (!isCourseStaff(viewer)) throw new AccessError(403, 'metrics are for course staff');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Line = [name: string, labels: Record<string, string>, value: number];

/** The Prometheus text exposition of the deployment's grading figures. */
export async function metricsText(): Promise<string> {
  const { db, config } = await getConnection();
  const now = Date.now();
  const out: string[] = [];
  const family = (name: string, type: string, help: string, lines: Line[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [n, labels, value] of lines) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`);
      out.push(`${n}${l.length ? `{${l.join(',')}}` : ''} ${Number.isFinite(value) ? value : 0}`);
    }
  };

  const byStatus = await db.selectFrom('submission').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const counts = new Map(byStatus.map((r) => [r.status as string, Number(r.n)]));
  family(
    'deltalab_submissions_total',
    'counter',
    'Recorded submissions by status (in flight: queued, grading; verdicts: the rest, errors included).',
    SUBMISSION_STATUSES.map((s) => ['deltalab_submissions_total', { status: s }, counts.get(s) ?? 0]),
  );
  family('deltalab_grading_queue_depth', 'gauge', 'Submissions waiting for or under grading.', [
    ['deltalab_grading_queue_depth', { state: 'queued' }, counts.get('queued') ?? 0],
    ['deltalab_grading_queue_depth', { state: 'grading' }, counts.get('grading') ?? 0],
  ]);

  if (config.kind === 'postgres') {
    const jobs = await sql<{ name: string; state: string; n: number }>`
      select name, state::text as state, count(*)::int as n from ${sql.table(`${BOSS_SCHEMA}.job`)}
      where name in (${GRADE_QUEUE}, ${GRADE_DEAD_QUEUE}) group by name, state`.execute(db);
    family(
      'deltalab_queue_jobs',
      'gauge',
      'Jobs on the PostgreSQL grading queue by queue and state (grade-failed is the dead-letter queue).',
      jobs.rows.map((r) => ['deltalab_queue_jobs', { queue: r.name, state: r.state }, Number(r.n)]),
    );
    const workers = await liveWorkers(db, now - WORKER_FRESH_MS);
    family('deltalab_workers', 'gauge', 'Grading workers seen in the last 30 seconds.', [['deltalab_workers', {}, workers.length]]);
    family('deltalab_worker_slots', 'gauge', 'Concurrent gradings the live workers can run.', [['deltalab_worker_slots', {}, workers.reduce((a, w) => a + w.concurrency, 0)]]);
  }

  const recent = await db
    .selectFrom('submission')
    .select(['created_at', 'graded_at', 'grade_ms'])
    .where('graded_at', '>=', now - LATENCY_WINDOW_MS)
    .orderBy('graded_at', 'desc')
    .limit(50_000)
    .execute();
  const latencies = recent.map((r) => (Number(r.graded_at) - Number(r.created_at)) / 1000).sort((a, b) => a - b);
  const histogram: Line[] = LATENCY_BUCKETS_S.map((le) => ['deltalab_grading_latency_seconds_bucket', { le: String(le) }, upperCount(latencies, le)]);
  histogram.push(['deltalab_grading_latency_seconds_bucket', { le: '+Inf' }, latencies.length]);
  histogram.push(['deltalab_grading_latency_seconds_sum', {}, latencies.reduce((a, b) => a + b, 0)]);
  histogram.push(['deltalab_grading_latency_seconds_count', {}, latencies.length]);
  family('deltalab_grading_latency_seconds', 'histogram', 'Submit-to-verdict time of submissions graded in the last 15 minutes.', histogram);
  family(
    'deltalab_grading_latency_quantile_seconds',
    'gauge',
    'Quantiles of submit-to-verdict time over the last 15 minutes.',
    [0.5, 0.95, 0.99].map((q) => ['deltalab_grading_latency_quantile_seconds', { quantile: String(q) }, quantile(latencies, q)]),
  );
  const gradeMs = recent.map((r) => Number(r.grade_ms ?? 0));
  family('deltalab_grader_time_seconds_sum', 'gauge', 'Time the sandboxes spent grading the last 15 minutes of submissions.', [
    ['deltalab_grader_time_seconds_sum', {}, gradeMs.reduce((a, b) => a + b, 0) / 1000],
  ]);
  return `${out.join('\n')}\n`;
}

function upperCount(sorted: number[], le: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= le) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
