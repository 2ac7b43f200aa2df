import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authPost, cookiesOf, JOIN_CODE, signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, apiRequest, PASSWORD, signIn, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Accounts people manage themselves, on the real better-auth handler and database (SQLite here,
 * PostgreSQL under `npm run test:pg`): the password policy, changing a password, the forced change
 * after a temporary password, the temporary passwords' CSV, reset links (once, expiring, by
 * e-mail through a real SMTP server started here), and the instructors' role changes.
 */

const env = useTempSiteEnv();
let staff: string;
let instructor: string;

beforeAll(async () => {
  await startSite();
  staff = await accountWithRole('ta@example.com', 'staff');
  instructor = await accountWithRole('prof@example.com', 'instructor');
});

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

async function sessionViewer(cookie: string) {
  const { sessionViewerFromHeaders } = await import('../../lib/auth/session');
  return sessionViewerFromHeaders(new Headers({ cookie }));
}

async function changePassword(cookie: string, body: Record<string, unknown>) {
  const { changeOwnPassword } = await import('../../lib/site/password');
  const headers = new Headers({ cookie, origin: 'http://localhost:3000', 'x-forwarded-for': '10.9.9.9' });
  return changeOwnPassword(headers, body);
}

let ip = 1;
const signUp = (email: string, password: string) => authPost('/sign-up/email', { name: 'Someone', email, password, joinCode: JOIN_CODE }, { ip: `10.44.0.${ip++}` });

describe('password policy', () => {
  it('refuses common and short passwords at sign-up, naming why (en and zh)', async () => {
    for (const password of ['password', '12345678', 'password123', 'qwertyuiop12']) {
      const res = await signUp(`p${ip}@example.com`, password);
      expect(res.status, password).toBe(400);
      expect(((await res.json()) as { code: string }).code, password).toBe('PASSWORD_TOO_COMMON');
    }
    const short = await signUp('short@example.com', 'Zq8#vR2!');
    expect(((await short.json()) as { code: string }).code).toBe('PASSWORD_TOO_SHORT');
    expect((await signUp('fine@example.com', 'lantern-orbit-73')).status).toBe(200);
    const { messages } = await import('../../lib/i18n/catalog');
    expect(messages('en').auth.errors.passwordTooCommon).toContain('"password"');
    expect(messages('zh').auth.errors.passwordTooCommon).toContain('太常见');
    expect(messages('zh').auth.errors.passwordTooShort).toContain('10');
  });

  it('refuses them for accounts instructors make and for resets', async () => {
    const { createAccountAsInstructor } = await import('../../lib/site/account');
    await expect(createAccountAsInstructor(await viewerOf(instructor), { email: 'x@example.com', name: 'X', role: 'staff', password: 'password' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('too common') });
    await expect(createAccountAsInstructor(await viewerOf(instructor), { email: 'x@example.com', name: 'X', role: 'staff', password: '12345678' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('changing one’s own password', () => {
  it('needs the right current password, refuses a weak new one, then signs out other sessions', async () => {
    const cookie = await signUpStudent('cleo@example.com');
    const other = cookiesOf(await signIn('cleo@example.com'));
    expect(await changePassword(cookie, { currentPassword: 'not-my-password-1', newPassword: 'velvet-comet-88', confirmPassword: 'velvet-comet-88' })).toEqual({ ok: false, error: 'wrongCurrent' });
    expect(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: 'password', confirmPassword: 'password' })).toEqual({ ok: false, error: 'passwordTooCommon' });
    expect(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: 'velvet-comet-88', confirmPassword: 'velvet-comet-89' })).toEqual({ ok: false, error: 'mismatch' });
    expect(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: '' })).toEqual({ ok: false, error: 'missing' });
    expect(await changePassword(cookie, { currentPassword: PASSWORD, newPassword: 'x'.repeat(5000), confirmPassword: 'x'.repeat(5000) })).toEqual({ ok: false, error: 'passwordTooLong' });
    expect(await changePassword('', { currentPassword: PASSWORD, newPassword: 'velvet-comet-88', confirmPassword: 'velvet-comet-88' })).toEqual({ ok: false, error: 'signedOut' });
    // Nothing above changed anything.
    expect((await signIn('cleo@example.com')).status).toBe(200);

    const done = await changePassword(cookie, { currentPassword: PASSWORD, newPassword: 'velvet-comet-88', confirmPassword: 'velvet-comet-88' });
    expect(done.ok).toBe(true);
    expect(await viewerFor(other)).toBeNull();
    expect((await signIn('cleo@example.com')).status).toBe(401);
    expect((await signIn('cleo@example.com', 'velvet-comet-88')).status).toBe(200);
  });

  it('is refused by better-auth’s own endpoint too when the new password is common', async () => {
    const cookie = await signUpStudent('dora@example.com');
    const res = await authPost('/change-password', { currentPassword: PASSWORD, newPassword: '12345678' }, { cookie, ip: '10.45.0.1' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('PASSWORD_TOO_COMMON');
  });
});

describe('temporary passwords from a roster import', () => {
  let temp: { email: string; password: string };

  it('can be downloaded as a CSV that Excel opens: UTF-8 with a byte order mark, Chinese names intact', async () => {
    const { importRoster } = await import('../../lib/staff/roster');
    const result = await importRoster(await viewerOf(staff), { csv: 'email,name,student_id\nzhang@example.com,张三,2027001\nli@example.com,"李四, Jr",2027002\n', createAccounts: true });
    expect(result.created).toHaveLength(2);
    const bytes = Buffer.from(result.createdCsv!, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const { parseCsv } = await import('../../lib/staff/csv');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['email', 'name', 'student_id', 'temporary_password']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['zhang@example.com', '张三', '2027001'],
      ['li@example.com', '李四, Jr', '2027002'],
    ]);
    expect(rows[1]![3]).toBe(result.created[0]!.password);
    temp = { email: 'zhang@example.com', password: rows[1]![3]! };
  });

  it('must be changed at first sign-in: until then every API answers as signed out', async () => {
    const res = await signIn(temp.email, temp.password);
    expect(res.status).toBe(200);
    const cookie = cookiesOf(res);
    expect(await sessionViewer(cookie)).toMatchObject({ email: temp.email, mustChangePassword: true });
    expect(await viewerFor(cookie)).toBeNull();
    const { POST } = await import('../../app/api/submissions/route');
    const blocked = await POST(apiRequest('/api/submissions', { method: 'POST', cookie, body: { exerciseId: 'sigmoid-prime', code: 'x', idempotencyKey: 'k-1' } }));
    expect(blocked.status).toBe(401);

    expect(await changePassword(cookie, { currentPassword: temp.password, newPassword: 'password', confirmPassword: 'password' })).toEqual({ ok: false, error: 'passwordTooCommon' });
    expect((await sessionViewer(cookie))?.mustChangePassword).toBe(true);
    const done = await changePassword(cookie, { currentPassword: temp.password, newPassword: 'harbor-lights-19', confirmPassword: 'harbor-lights-19' });
    expect(done.ok).toBe(true);
    const fresh = cookiesOf(await signIn(temp.email, 'harbor-lights-19'));
    expect(await viewerFor(fresh)).toMatchObject({ email: temp.email, mustChangePassword: false });
  });

  it('a staff reset of a student password is temporary too', async () => {
    const cookie = await signUpStudent('ivy@example.com');
    const { resetStudentPassword } = await import('../../lib/staff/roster');
    const { password } = await resetStudentPassword(await viewerOf(staff), { userId: (await viewerOf(cookie)).id });
    const again = cookiesOf(await signIn('ivy@example.com', password));
    expect(await sessionViewer(again)).toMatchObject({ mustChangePassword: true });
    expect(await viewerFor(again)).toBeNull();
  });
});

async function tokenOf(link: string): Promise<string> {
  const url = new URL(link);
  expect(url.origin).toBe('http://localhost:3000');
  expect(url.pathname).toBe('/reset-password');
  return url.searchParams.get('token')!;
}

describe('reset links', () => {
  it('work once, set a password that follows the policy, and end the old sessions', async () => {
    const cookie = await signUpStudent('jun@example.com');
    const jun = await viewerOf(cookie);
    const { createResetLink } = await import('../../lib/staff/accounts');
    const made = await createResetLink(await viewerOf(staff), { userId: jun.id });
    expect(made).toMatchObject({ email: 'jun@example.com', emailed: false, hours: 48 });
    const token = await tokenOf(made.link!);

    const weak = await authPost('/reset-password', { token, newPassword: 'password' }, { ip: '10.46.0.1' });
    expect(((await weak.json()) as { code: string }).code).toBe('PASSWORD_TOO_COMMON');
    const ok = await authPost('/reset-password', { token, newPassword: 'maple-signal-27' }, { ip: '10.46.0.1' });
    expect(ok.status).toBe(200);
    expect(await viewerFor(cookie)).toBeNull();
    expect((await signIn('jun@example.com', 'maple-signal-27')).status).toBe(200);

    const twice = await authPost('/reset-password', { token, newPassword: 'other-signal-28' }, { ip: '10.46.0.1' });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { code: string }).code).toBe('INVALID_TOKEN');
    expect((await signIn('jun@example.com', 'maple-signal-27')).status).toBe(200);
  });

  it('expire', async () => {
    const cookie = await signUpStudent('kai@example.com');
    const { createResetLink } = await import('../../lib/staff/accounts');
    const token = await tokenOf((await createResetLink(await viewerOf(staff), { userId: (await viewerOf(cookie)).id })).link!);
    const { getDb } = await import('../../lib/db');
    // The link's expiry moved into the past, as if 48 hours had gone by.
    const past = new Date(Date.now() - 1000).toISOString();
    const moved = await (await getDb()).updateTable('verification').set({ expiresAt: past }).where('identifier', '=', `reset-password:${token}`).executeTakeFirst();
    expect(Number(moved.numUpdatedRows)).toBe(1);
    const res = await authPost('/reset-password', { token, newPassword: 'maple-signal-29' }, { ip: '10.46.0.2' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('INVALID_TOKEN');
    expect((await signIn('kai@example.com')).status).toBe(200);
  });

  it('clear a forced change: the new password is the person’s own', async () => {
    const { importRoster } = await import('../../lib/staff/roster');
    await importRoster(await viewerOf(staff), { csv: 'email,name,student_id\nmei@example.com,梅,2027009\n', createAccounts: true });
    const { getDb } = await import('../../lib/db');
    const mei = await (await getDb()).selectFrom('user').select('id').where('email', '=', 'mei@example.com').executeTakeFirstOrThrow();
    const { createResetLink } = await import('../../lib/staff/accounts');
    const token = await tokenOf((await createResetLink(await viewerOf(staff), { userId: mei.id })).link!);
    expect((await authPost('/reset-password', { token, newPassword: 'orchid-window-31' }, { ip: '10.46.0.3' })).status).toBe(200);
    expect(await viewerFor(cookiesOf(await signIn('mei@example.com', 'orchid-window-31')))).toMatchObject({ email: 'mei@example.com' });
  });

  it('are for students when staff make them; instructors make them for anyone', async () => {
    const { createResetLink } = await import('../../lib/staff/accounts');
    const otherTa = await viewerOf(await accountWithRole('ta3@example.com', 'staff'));
    await expect(createResetLink(await viewerOf(staff), { userId: otherTa.id })).rejects.toMatchObject({ status: 403 });
    await expect(createResetLink(await viewerOf(staff), { userId: 'nobody' })).rejects.toMatchObject({ status: 404 });
    await expect(createResetLink(await viewerOf(await signUpStudent('nosy@example.com')), { userId: otherTa.id })).rejects.toMatchObject({ status: 403 });
    expect((await createResetLink(await viewerOf(instructor), { userId: otherTa.id })).link).toMatch(/token=/);
  });
});

describe('reset links by e-mail when SMTP is configured', () => {
  type Received = { to: string[]; text: string };
  const inbox: Received[] = [];
  let server: SMTPServer;

  beforeAll(async () => {
    // A real SMTP server on the loopback: nodemailer speaks SMTP to it, nothing is mocked.
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), text: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const { port } = server.server.address() as AddressInfo;
    process.env.DELTALAB_SMTP_URL = `smtp://127.0.0.1:${port}`;
    process.env.DELTALAB_SMTP_FROM = 'deltalab <course@example.com>';
  });

  afterAll(async () => {
    delete process.env.DELTALAB_SMTP_URL;
    delete process.env.DELTALAB_SMTP_FROM;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The reset link in a delivered message (quoted-printable may wrap it; undo that first). */
  function linkIn(message: string): string {
    const body = message.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    return /http:\/\/localhost:3000\/reset-password\?token=[A-Za-z0-9_-]+/.exec(body)![0];
  }

  it('a staff reset e-mails the link instead of showing it, and the e-mailed link works', async () => {
    const cookie = await signUpStudent('lin@example.com');
    const { createResetLink } = await import('../../lib/staff/accounts');
    const made = await createResetLink(await viewerOf(staff), { userId: (await viewerOf(cookie)).id });
    expect(made).toMatchObject({ email: 'lin@example.com', emailed: true, link: null });
    const mail = inbox.find((m) => m.to.includes('lin@example.com'))!;
    expect(mail.text).toContain('From: deltalab <course@example.com>');
    const token = await tokenOf(linkIn(mail.text));
    expect((await authPost('/reset-password', { token, newPassword: 'copper-meadow-42' }, { ip: '10.47.0.1' })).status).toBe(200);
    expect((await signIn('lin@example.com', 'copper-meadow-42')).status).toBe(200);
  });

  it('the sign-in page’s "forgot password" request e-mails the person, in their language; an unknown address gets nothing', async () => {
    const cookie = await signUpStudent('wen@example.com');
    const { getDb } = await import('../../lib/db');
    await (await getDb()).updateTable('user').set({ locale: 'zh' }).where('id', '=', (await viewerOf(cookie)).id).execute();
    const before = inbox.length;
    const res = await authPost('/request-password-reset', { email: 'wen@example.com' }, { ip: '10.47.0.2' });
    expect(res.status).toBe(200);
    const unknown = await authPost('/request-password-reset', { email: 'nobody@example.com' }, { ip: '10.47.0.2' });
    expect(unknown.status).toBe(200);
    expect(inbox.length).toBe(before + 1);
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual(['wen@example.com']);
    // The subject is encoded (RFC 2047): the Chinese text is in the body, which nodemailer sends as UTF-8.
    const body = Buffer.from(mail.text.split(/\r?\n\r?\n/).slice(1).join('\n\n').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    expect(body).toContain('设置新密码');
    const token = await tokenOf(linkIn(mail.text));
    expect((await authPost('/reset-password', { token, newPassword: 'silver-harbor-55' }, { ip: '10.47.0.3' })).status).toBe(200);
  });
});

describe('the instructors’ accounts list', () => {
  it('lists every account with its role, and only for instructors', async () => {
    const { listAccounts } = await import('../../lib/staff/accounts');
    const rows = await listAccounts(await viewerOf(instructor));
    expect(rows.find((r) => r.email === 'prof@example.com')).toMatchObject({ role: 'instructor', deactivated: false });
    expect(rows.find((r) => r.email === 'ta@example.com')).toMatchObject({ role: 'staff' });
    expect(rows.find((r) => r.email === 'li@example.com')).toMatchObject({ role: 'student', mustChangePassword: true });
    await expect(listAccounts(await viewerOf(staff))).rejects.toMatchObject({ status: 403 });
  });

  it('changes roles and deactivates, but never leaves the site without an active instructor', async () => {
    const { setAccountRole, deactivateAccount, reactivateAccount } = await import('../../lib/staff/accounts');
    const prof = await viewerOf(instructor);
    const student = await viewerOf(await signUpStudent('nico@example.com'));
    await expect(setAccountRole(await viewerOf(staff), { userId: student.id, role: 'staff' })).rejects.toMatchObject({ status: 403 });
    await expect(setAccountRole(prof, { userId: student.id, role: 'admin' })).rejects.toMatchObject({ status: 400 });

    // The student becomes staff: their next request sees the new role.
    const nicoCookie = cookiesOf(await signIn('nico@example.com'));
    await setAccountRole(prof, { userId: student.id, role: 'staff' });
    expect((await viewerFor(nicoCookie))?.role).toBe('staff');

    // prof is the only instructor (the demo instructor is deactivated for this test).
    const { getDb } = await import('../../lib/db');
    const { DEMO_INSTRUCTOR_EMAIL } = await import('../../lib/site/startup');
    const demo = await (await getDb()).selectFrom('user').select('id').where('email', '=', DEMO_INSTRUCTOR_EMAIL).executeTakeFirstOrThrow();
    await deactivateAccount(prof, { userId: demo.id });
    await expect(setAccountRole(prof, { userId: prof.id, role: 'staff' })).rejects.toMatchObject({ code: 'LAST_INSTRUCTOR', status: 400 });
    await expect(deactivateAccount(prof, { userId: prof.id })).rejects.toMatchObject({ code: 'LAST_INSTRUCTOR' });
    expect((await viewerFor(instructor))?.role).toBe('instructor');

    // With a second instructor, prof may step down.
    await setAccountRole(prof, { userId: student.id, role: 'instructor' });
    await setAccountRole(prof, { userId: prof.id, role: 'staff' });
    expect((await viewerFor(instructor))?.role).toBe('staff');
    const nico = await viewerOf(nicoCookie);
    await expect(deactivateAccount(nico, { userId: nico.id })).rejects.toMatchObject({ code: 'LAST_INSTRUCTOR' });

    // Deactivation ends sessions and refuses sign-in; reactivation lets them back.
    await deactivateAccount(nico, { userId: prof.id });
    expect(await viewerFor(instructor)).toBeNull();
    expect((await signIn('prof@example.com')).status).toBe(403);
    await reactivateAccount(nico, { userId: prof.id });
    expect((await signIn('prof@example.com')).status).toBe(200);
  });
});
