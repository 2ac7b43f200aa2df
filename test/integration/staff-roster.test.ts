import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JOIN_CODE, signUpStudent, startSite, useTempSiteEnv, viewerFor, authPost, cookiesOf } from './site-helpers';
import { accountWithRole, PASSWORD, signIn, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/** The roster: CSV import (pre-registration or accounts), who joined, password reset, deactivation. */

const env = useTempSiteEnv();
let staff: string;

beforeAll(async () => {
  await startSite();
  staff = await accountWithRole('ta@example.com', 'staff');
});

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('roster import', () => {
  it('pre-registers students from CSV (any column order, quoted fields) and reports bad rows by line', async () => {
    const { importRoster, listRoster } = await import('../../lib/staff/roster');
    const viewer = await viewerOf(staff);
    const csv = 'Name,student_id,Email\r\n"Lovelace, Ada",2026001,Ada@Example.com\r\nAlan Turing,2026002,alan@example.com\r\nNo Mail,2026003,not-an-email\r\nAlan Again,2026004,alan@example.com\r\n';
    const result = await importRoster(viewer, { csv });
    expect(result).toMatchObject({ added: 2, updated: 0, created: [] });
    expect(result.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(result.errors[1]!.message).toContain('twice');
    const roster = await listRoster(viewer);
    expect(roster.map((r) => [r.email, r.name, r.studentNumber, r.userId])).toEqual([
      ['alan@example.com', 'Alan Turing', '2026002', null],
      ['ada@example.com', 'Lovelace, Ada', '2026001', null],
    ]);
    // Importing again updates instead of duplicating.
    expect(await importRoster(viewer, { csv: 'email,name,student_id\nalan@example.com,Alan M. Turing,2026002\n' })).toMatchObject({ added: 0, updated: 1 });
  });

  it('refuses a file without the three columns, or with a broken quote', async () => {
    const { importRoster } = await import('../../lib/staff/roster');
    const viewer = await viewerOf(staff);
    await expect(importRoster(viewer, { csv: 'email,name\na@example.com,A\n' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('student_id') });
    await expect(importRoster(viewer, { csv: 'email,name,student_id\n"a@example.com,A,1\n' })).rejects.toMatchObject({ status: 400 });
    await expect(importRoster(viewer, { csv: '' })).rejects.toMatchObject({ status: 400 });
  });

  it('shows who has joined: a pre-registered student signing up with the join code', async () => {
    await signUpStudent('ada@example.com', JOIN_CODE);
    const { listRoster } = await import('../../lib/staff/roster');
    const roster = await listRoster(await viewerOf(staff));
    const ada = roster.find((r) => r.email === 'ada@example.com')!;
    expect(ada.userId).not.toBeNull();
    expect(ada.joinedAt).toMatch(/^\d{4}-/);
    expect(roster.find((r) => r.email === 'alan@example.com')!.userId).toBeNull();
    // The gradebook knows her student id from the roster.
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const row = (await getGradebook(await viewerOf(staff), { student: '2026001' })).rows;
    expect(row.map((r) => r.student.email)).toEqual(['ada@example.com']);
  });

  it('creates accounts with one-time temporary passwords that work for sign-in', async () => {
    const { importRoster } = await import('../../lib/staff/roster');
    const result = await importRoster(await viewerOf(staff), { csv: 'email,name,student_id\ngrace@example.com,Grace Hopper,2026005\nada@example.com,Ada,2026001\n', createAccounts: true });
    // Ada already has an account: only Grace's is created.
    expect(result.created.map((c) => c.email)).toEqual(['grace@example.com']);
    const password = result.created[0]!.password;
    expect(password.length).toBeGreaterThanOrEqual(16);
    const res = await signIn('grace@example.com', password);
    expect(res.status).toBe(200);
    // Signed in, but held at the change-password page until she chooses her own (accounts.test.ts).
    expect(await viewerFor(cookiesOf(res))).toBeNull();
    const { sessionViewerFromHeaders } = await import('../../lib/auth/session');
    expect(await sessionViewerFromHeaders(new Headers({ cookie: cookiesOf(res) }))).toMatchObject({ role: 'student', mustChangePassword: true });
  });
});

describe('password reset and deactivation', () => {
  it('resets a password: the old one and the old sessions stop working, the temporary one works', async () => {
    const cookie = await signUpStudent('hedy@example.com');
    const { resetStudentPassword } = await import('../../lib/staff/roster');
    const hedy = await viewerOf(cookie);
    const { email, password } = await resetStudentPassword(await viewerOf(staff), { userId: hedy.id });
    expect(email).toBe('hedy@example.com');
    expect(await viewerFor(cookie)).toBeNull();
    expect((await signIn('hedy@example.com', PASSWORD)).status).toBe(401);
    expect((await signIn('hedy@example.com', password)).status).toBe(200);
  });

  it('deactivates: every session ends and sign-in is refused until reactivated', async () => {
    const cookie = await signUpStudent('eve@example.com');
    const second = cookiesOf(await signIn('eve@example.com'));
    const { deactivateStudent, reactivateStudent, listRoster } = await import('../../lib/staff/roster');
    const eve = await viewerOf(cookie);
    await deactivateStudent(await viewerOf(staff), { userId: eve.id });
    expect(await viewerFor(cookie)).toBeNull();
    expect(await viewerFor(second)).toBeNull();
    const refused = await signIn('eve@example.com');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('ACCOUNT_DEACTIVATED');
    expect((await listRoster(await viewerOf(staff))).find((r) => r.email === 'eve@example.com')?.deactivated).toBe(true);
    // A second sign-up with the same email cannot get around it.
    const again = await authPost('/sign-up/email', { name: 'Eve', email: 'eve@example.com', password: PASSWORD, joinCode: JOIN_CODE }, { ip: '10.8.0.9' });
    expect(again.status).not.toBe(200);
    await reactivateStudent(await viewerOf(staff), { userId: eve.id });
    expect((await signIn('eve@example.com')).status).toBe(200);
  });

  it('manages student accounts only', async () => {
    const { deactivateStudent, resetStudentPassword } = await import('../../lib/staff/roster');
    const other = await accountWithRole('ta2@example.com', 'staff');
    const viewer = await viewerOf(staff);
    await expect(deactivateStudent(viewer, { userId: (await viewerOf(other)).id })).rejects.toMatchObject({ status: 403 });
    await expect(resetStudentPassword(viewer, { userId: (await viewerOf(other)).id })).rejects.toMatchObject({ status: 403 });
    await expect(resetStudentPassword(viewer, { userId: 'nobody' })).rejects.toMatchObject({ status: 404 });
  });
});
