import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authPost, cookiesOf, JOIN_CODE, ORIGIN, signUpStudent, startSite, TEST_DB, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

const env = useTempSiteEnv();

beforeAll(async () => {
  await startSite();
});

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('database', () => {
  it('is created, migrated, and (SQLite) in WAL mode on first use', async () => {
    const { getConnection } = await import('../../lib/db');
    const { sql } = await import('kysely');
    const { db, config } = await getConnection();
    expect(config.kind).toBe(TEST_DB);
    if (config.kind === 'sqlite') {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    }
    // Every migration file under lib/db/migrations has run, whoever added it.
    const { readdirSync } = await import('node:fs');
    const files = readdirSync('lib/db/migrations').filter((f) => /^\d{3}_.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    const migrations = (await db.selectFrom('deltalab_migration' as never).selectAll().execute()) as { name: string }[];
    expect(migrations.map((m) => m.name).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['002_quiz_attempts', '004_grading_workers']));
  });

  it('has exactly the tables and columns better-auth expects', async () => {
    const { getAuth } = await import('../../lib/auth/auth');
    const { getMigrations } = await import('better-auth/db/migration');
    const auth = await getAuth();
    const plan = await getMigrations(auth.options);
    expect(plan.toBeCreated.map((t) => t.table)).toEqual([]);
    expect(plan.toBeAdded.map((t) => `${t.table}: ${Object.keys(t.fields).join(', ')}`)).toEqual([]);
  });

  it('seeds the course and a demo instructor once', async () => {
    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const users = await db.selectFrom('user').select(['email', 'role']).execute();
    expect(users).toEqual([{ email: 'instructor@deltalab.local', role: 'instructor' }]);
    const { prepareSite } = await import('../../lib/site/startup');
    const lines: string[] = [];
    const again = await prepareSite({ recover: false, log: (l) => lines.push(l) });
    expect(again.joinCode).toBe(JOIN_CODE);
    expect(lines.join('\n')).not.toContain('demo instructor');
    expect(await db.selectFrom('user').select('id').execute()).toHaveLength(1);
  });
});

describe('sign-up', () => {
  it('needs a valid course join code', async () => {
    const body = { name: 'Ada', email: 'ada@example.com', password: 'correct-horse-42' };
    const missing = await authPost('/sign-up/email', body, { ip: '10.9.0.1' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('INVALID_JOIN_CODE');
    const wrong = await authPost('/sign-up/email', { ...body, joinCode: 'NOPE-NOPE' }, { ip: '10.9.0.1' });
    expect(wrong.status).toBe(400);
    // Case, spaces and dashes do not matter.
    const ok = await authPost('/sign-up/email', { ...body, joinCode: ' test join ' }, { ip: '10.9.0.1' });
    expect(ok.status).toBe(200);
    const viewer = await viewerFor(cookiesOf(ok));
    expect(viewer).toMatchObject({ email: 'ada@example.com', role: 'student' });
  });

  it('always makes a student, whatever the request says', async () => {
    const res = await authPost(
      '/sign-up/email',
      { name: 'Mallory', email: 'mallory@example.com', password: 'correct-horse-42', joinCode: JOIN_CODE, role: 'instructor' },
      { ip: '10.9.0.2' },
    );
    if (res.status === 200) expect((await viewerFor(cookiesOf(res)))?.role).toBe('student');
    else expect(res.status).toBe(400);
    const { getDb } = await import('../../lib/db');
    const row = await (await getDb()).selectFrom('user').select('role').where('email', '=', 'mallory@example.com').executeTakeFirst();
    expect(row?.role ?? 'student').toBe('student');
  });

  it('makes the new student a member of the offering whose join code they typed', async () => {
    const cookie = await signUpStudent('enrolled@example.com');
    const viewer = await viewerFor(cookie);
    const { getDb } = await import('../../lib/db');
    const rows = await (await getDb()).selectFrom('offering_member').selectAll().where('user_id', '=', viewer!.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'student', deactivated_at: null });
    expect(viewer!.offering).toMatchObject({ id: rows[0]!.offering_id, role: 'student' });
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the password and revokes the session on sign-out', async () => {
    await signUpStudent('grace@example.com');
    const bad = await authPost('/sign-in/email', { email: 'grace@example.com', password: 'wrong-password' }, { ip: '10.3.0.1' });
    expect(bad.status).toBe(401);
    const res = await authPost('/sign-in/email', { email: 'grace@example.com', password: 'correct-horse-42' }, { ip: '10.3.0.1' });
    expect(res.status).toBe(200);
    const cookie = cookiesOf(res);
    expect(cookie).toContain('deltalab.session_token=');
    expect(res.headers.getSetCookie().join('\n')).toMatch(/HttpOnly/i);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/SameSite=Lax/i);
    expect((await viewerFor(cookie))?.email).toBe('grace@example.com');

    const out = await authPost('/sign-out', {}, { cookie, ip: '10.3.0.1' });
    expect(out.status).toBe(200);
    // The old cookie is worthless now: the session row is gone.
    expect(await viewerFor(cookie)).toBeNull();
  });

  it('refuses a sign-in posted from another origin', async () => {
    const res = await authPost('/sign-in/email', { email: 'grace@example.com', password: 'correct-horse-42' }, { origin: 'https://evil.example', ip: '10.3.0.2', cookie: 'deltalab.session_token=x' });
    expect(res.status).toBe(403);
  });

  it('rate-limits sign-in attempts per address, counting in the database', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await authPost('/sign-in/email', { email: 'grace@example.com', password: `guess-${i}-xxxx` }, { ip: '10.4.0.1' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // A restart (new connection, new auth instance) does not reset the count.
    const { closeDb } = await import('../../lib/db');
    const { resetAuth } = await import('../../lib/auth/auth');
    await closeDb();
    resetAuth();
    const afterRestart = await authPost('/sign-in/email', { email: 'grace@example.com', password: 'correct-horse-42' }, { ip: '10.4.0.1' });
    expect(afterRestart.status).toBe(429);
    // Another address is not affected.
    const other = await authPost('/sign-in/email', { email: 'grace@example.com', password: 'correct-horse-42' }, { ip: '10.4.0.2' });
    expect(other.status).toBe(200);
    const { getDb } = await import('../../lib/db');
    const rows = await (await getDb()).selectFrom('rateLimit').selectAll().execute();
    expect(rows.some((r) => r.key.startsWith('10.4.0.1'))).toBe(true);
  });
});

describe('secure cookies', () => {
  it('are Secure when the site is served over https', async () => {
    const { createAuth } = await import('../../lib/auth/auth');
    const { getConnection } = await import('../../lib/db');
    const auth = createAuth(await getConnection(), { ...process.env, BETTER_AUTH_URL: 'https://deltalab.example' });
    const res = await auth.handler(
      new Request('https://deltalab.example/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://deltalab.example', 'x-forwarded-for': '10.5.0.1' },
        body: JSON.stringify({ email: 'grace@example.com', password: 'correct-horse-42' }),
      }),
    );
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/__Secure-deltalab\.session_token=/);
    expect(setCookie).toMatch(/; Secure/i);
    expect(ORIGIN.startsWith('http://')).toBe(true);
  });
});
