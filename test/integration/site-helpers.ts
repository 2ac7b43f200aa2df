import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';

/**
 * Shared set-up for the site's integration tests: a fresh database per test file, the real
 * migrations, the real better-auth instance, requests sent through its real HTTP handler.
 * Test files must `vi.mock('server-only', () => ({}))` themselves (hoisting is per file).
 *
 * The database is SQLite by default. With DELTALAB_TEST_DB=postgres every file gets a scratch
 * PostgreSQL database (created on the server at TEST_DATABASE_URL, dropped after the file), and
 * startSite() also starts a grading worker in the test process, since on PostgreSQL the web
 * server only enqueues gradings. `npm run test:pg` runs test/integration that way.
 */

export const ORIGIN = 'http://localhost:3000';
export const JOIN_CODE = 'TEST-JOIN';

export type TestDatabase = 'sqlite' | 'postgres';
export const TEST_DB: TestDatabase = process.env.DELTALAB_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
/** The PostgreSQL server tests create their scratch databases on. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || process.env.DELTALAB_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Whether the PostgreSQL test server answers; with `createDatabase`, also creates that scratch
 * database there. When it does not answer, the file says so and its tests skip, except under
 * CI=true, where an unreachable server fails the file.
 */
export async function reachPostgres(tag: string, createDatabase?: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    if (createDatabase) await client.query(`create database ${createDatabase}`);
    return true;
  } catch (err) {
    const why = (err as Error).message;
    if (process.env.CI === 'true') throw new Error(`PostgreSQL must be reachable at ${TEST_DATABASE_URL} in CI (${why})`);
    console.warn(`[${tag}] PostgreSQL not reachable at ${TEST_DATABASE_URL} (${why}): skipping`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL of database `name` on the test server. */
export function testDatabaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Runs one statement on the test server's admin database, synchronously (test files set up their
 * environment at import time). Throws with the server's message when it is not reachable.
 */
export function adminSql(statement: string): void {
  const script = `const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query(process.argv[2])).then(()=>c.end(),(e)=>{console.error(e.message);process.exit(1)})`;
  execFileSync(process.execPath, ['-e', script, TEST_DATABASE_URL, statement], { stdio: ['ignore', 'ignore', 'pipe'], cwd: process.cwd(), timeout: 30_000 });
}

/**
 * Scratch databases of one test run share a prefix (set by test/integration/pg-global-setup.ts),
 * so the run's teardown drops any that a file left behind (a file whose tests were all skipped
 * runs no afterAll hook).
 */
export function scratchPrefix(): string {
  return `deltalab_t_${process.env.DELTALAB_TEST_RUN ?? 'norun'}_`;
}

/** Creates an empty scratch database; returns its name and URL. */
export function createScratchDatabase(prefix = scratchPrefix()): { name: string; url: string; drop(): void } {
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  try {
    adminSql(`create database ${name}`);
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim();
    throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${stderr}); start it or set TEST_DATABASE_URL`);
  }
  let dropped = false;
  const drop = () => {
    if (dropped) return;
    dropped = true;
    adminSql(`drop database if exists ${name} with (force)`);
  };
  return { name, url: testDatabaseUrl(name), drop };
}

export function useTempSiteEnv(): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-site-'));
  const dbPath = path.join(dir, 'site.sqlite');
  process.env.DATABASE_PATH = dbPath;
  process.env.DELTALAB_JOIN_CODE = JOIN_CODE;
  process.env.BETTER_AUTH_URL = ORIGIN;
  // The auth secret file lives in the data directory when the database is PostgreSQL.
  process.env.DELTALAB_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  delete process.env.BETTER_AUTH_SECRET;
  // Routine grading events (JSON lines) would drown the test output.
  process.env.DELTALAB_LOG_LEVEL ??= 'warn';
  if (TEST_DB === 'postgres') {
    const scratch = createScratchDatabase();
    process.env.DATABASE_URL = scratch.url;
    // Runs after the file's own afterAll hooks (hooks run in reverse order of registration).
    afterAll(async () => {
      await stopTestWorker();
      const { closeWebQueue } = await import('../../lib/queue/web');
      await closeWebQueue();
      const { closeDb } = await import('../../lib/db');
      await closeDb();
      scratch.drop();
    }, 60_000);
  }
  return { dir, dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

type TestWorker = { stop(): Promise<void> };
let testWorker: TestWorker | undefined;

async function stopTestWorker(): Promise<void> {
  const worker = testWorker;
  testWorker = undefined;
  await worker?.stop();
}

/**
 * Migrates and seeds the database. On PostgreSQL also starts a grading worker in this process
 * (grading through the pool the test set with setGradingPool, else the shared one), standing in
 * for `npm run worker`.
 */
export async function startSite(): Promise<void> {
  const { prepareSite } = await import('../../lib/site/startup');
  await prepareSite({ recover: false, log: () => undefined });
  if (TEST_DB === 'postgres' && process.env.DATABASE_URL) await startTestWorker(process.env.DATABASE_URL);
}

/**
 * Starts a grading worker in this process on the PostgreSQL database at `url` (once per file),
 * grading through the pool the test set with setGradingPool, else the shared one: it stands in
 * for `npm run worker`, since on PostgreSQL the web side only enqueues (submissions and regrades).
 */
export async function startTestWorker(url: string): Promise<void> {
  if (testWorker) return;
  const { openConnection } = await import('../../lib/db/connection');
  const { startGradingWorker } = await import('../../lib/queue/worker');
  const { queueSettings } = await import('../../lib/queue/config');
  const { gradingPool } = await import('../../lib/site/grading');
  const connection = await openConnection({ kind: 'postgres', url });
  const worker = await startGradingWorker({
    url,
    db: connection.db,
    grade: (job, owner) => gradingPool().grade(job, { owner }),
    settings: { ...queueSettings(), concurrency: 2, pollSeconds: 0.5 },
    // LMS score deliveries are driven by the tests that check them (deliverScores, or a worker
    // child process of their own), so they can see each attempt.
    ltiScores: false,
  });
  testWorker = {
    stop: async () => {
      await worker.stop(10_000);
      await connection.db.destroy();
    },
  };
}

/** Stops the worker startTestWorker started (files that manage their own database call it). */
export { stopTestWorker };

export async function authPost(
  route: string,
  body: unknown,
  opts: { cookie?: string; origin?: string | null; ip?: string } = {},
): Promise<Response> {
  const { getAuth } = await import('../../lib/auth/auth');
  const headers = new Headers({ 'content-type': 'application/json' });
  if (opts.origin !== null) headers.set('origin', opts.origin ?? ORIGIN);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  headers.set('x-forwarded-for', opts.ip ?? '10.1.0.1');
  return (await getAuth()).handler(new Request(`${ORIGIN}/api/auth${route}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

/** The cookies a response sets, as a Cookie request header. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

let nextIp = 10;
/** Signs up a student through the HTTP handler; returns the session cookie. */
export async function signUpStudent(email: string, joinCode = JOIN_CODE): Promise<string> {
  const res = await authPost('/sign-up/email', { name: email.split('@')[0], email, password: 'correct-horse-42', joinCode }, { ip: `10.2.0.${nextIp++}` });
  if (res.status !== 200) throw new Error(`sign-up of ${email} failed: ${res.status} ${await res.text()}`);
  return cookiesOf(res);
}

export async function viewerFor(cookie: string) {
  const { viewerFromHeaders } = await import('../../lib/auth/session');
  return viewerFromHeaders(new Headers({ cookie }));
}
