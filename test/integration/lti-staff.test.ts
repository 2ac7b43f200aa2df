import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../../lib/auth/roles';
import { TEST_DB } from './site-helpers';
import { db, gradedSubmission, INSTRUCTOR, LAUNCH_URL, launchAs, LEARNER, LTI, useLtiSite } from './lti-helpers';

vi.mock('server-only', () => ({}));

/**
 * The staff's LTI tools (lib/staff/lti.ts) and the grade passback they watch, against the test
 * platform: platforms registered from the form's fields (refusals named per field), edited and
 * removed; the key rotated (both keys published); the roster synced with its counts; a failed
 * score resent; every change in the audit; TAs and archived offerings refused. Then quiz grade
 * passback (attempt, regrade, attempt override, item override and its removal) and the exercise's
 * counted score with "last attempt counts" and a late factor, each equal to the gradebook's
 * number; and deep-link line items carrying the offering's dates. SQLite, and PostgreSQL under
 * `npm run test:pg`.
 */
const platform = useLtiSite({ register: false });
const QUIZ = 'activation-functions-quiz';
let platformId = '';

/** A launch of a quiz placed in the LMS with its own line item. */
const quizLink = (sub = 'student-1') => ({
  sub,
  [`${LTI}resource_link`]: { id: 'link-quiz', title: 'Activation functions quiz' },
  [`${LTI}custom`]: { deltalab_item: `quiz:${QUIZ}` },
  'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
    scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
    lineitems: `${platform.url}/lineitems`,
    lineitem: `${platform.url}/lineitems/quiz`,
  },
});

function viewer(userId: string, offeringId: string, role: 'instructor' | 'ta' | 'student', archived = false): Viewer {
  return { id: userId, name: `${role} ${userId.slice(0, 4)}`, email: `${userId}@x.invalid`, role: role === 'student' ? 'student' : 'staff', locale: null, offering: { id: offeringId, role, archived } };
}

/** The gradebook's counted score for one cell, as points out of the item's points. */
async function gradebookPoints(offeringId: string, userId: string, key: string, points: number): Promise<number | null> {
  const { buildGradebook, GradebookQuery } = await import('../../lib/staff/gradebook');
  const book = await buildGradebook(await db(), offeringId, GradebookQuery.parse({}));
  const cell = book.rows.find((r) => r.student.id === userId)?.cells[key];
  return cell?.bestScore === null || cell?.bestScore === undefined ? null : Math.round(cell.bestScore * points * 1000) / 1000;
}

/** Delivers what is due (far enough ahead that any backoff has passed) and returns the scores the platform got for a line item. */
async function delivered(lineItem: string): Promise<number[]> {
  const { deliverScores } = await import('../../lib/lti/ags');
  await deliverScores(await db(), { now: Date.now() + 24 * 60 * 60_000 });
  return platform.scores.filter((s) => s.lineItem === lineItem).map((s) => s.body.scoreGiven as number);
}

describe(`staff LTI tools and grade passback (${TEST_DB})`, () => {
  let offeringId = '';
  let teacherId = '';
  let instructor: Viewer;

  it('registers a platform from the form, refusing bad fields by name, and audits it', async () => {
    const { registerPlatformAsStaff, PlatformFormError } = await import('../../lib/staff/lti');
    // The site's instructor registers the LMS, working in the first offering.
    const { getDefaultOffering } = await import('../../lib/db/offerings');
    const siteInstructor = { ...viewer(randomUUID(), (await getDefaultOffering(await db()))!.id, 'instructor'), role: 'instructor' as const };
    const form = { name: 'Test LMS', issuer: platform.issuer, clientId: platform.clientId, deploymentIds: `${platform.deploymentId}\n\n`, authUrl: `${platform.url}/auth`, tokenUrl: `${platform.url}/token`, jwksUrl: `${platform.url}/jwks` };

    const refused = await registerPlatformAsStaff(siteInstructor, { ...form, name: ' ', issuer: 'not a url', tokenUrl: 'http://lms.example.com/token', deploymentIds: '' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlatformFormError);
    expect((refused as InstanceType<typeof PlatformFormError>).fields).toEqual({ name: 'required', issuer: 'url', tokenUrl: 'https', deploymentIds: 'required' });
    expect(await (await db()).selectFrom('lti_platform').select('id').execute()).toEqual([]);

    const registered = await registerPlatformAsStaff(siteInstructor, form);
    platformId = registered.id;
    expect(registered).toMatchObject({ issuer: platform.issuer, clientId: platform.clientId, deploymentIds: [platform.deploymentId] });
    const again = await registerPlatformAsStaff(siteInstructor, form).catch((e: unknown) => e);
    expect((again as InstanceType<typeof PlatformFormError>).fields).toEqual({ clientId: 'duplicate' });

    const teacherLaunch = await launchAs(platform, { sub: 'teacher-1', name: 'Tom Teacher', [`${LTI}roles`]: [INSTRUCTOR] });
    offeringId = teacherLaunch.offeringId!;
    teacherId = teacherLaunch.userId;
    instructor = viewer(teacherId, offeringId, 'instructor');
    const audit = await (await db()).selectFrom('lti_audit').select(['action', 'by_user_id', 'detail']).execute();
    expect(audit.map((a) => a.action)).toEqual(['platform.register']);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ name: 'Test LMS', issuer: platform.issuer });
  });

  it('lets only an instructor of a live offering write; TAs and archived offerings read', async () => {
    const { ltiOverview, rotateSigningKey, syncRosterAsStaff, updatePlatformAsStaff } = await import('../../lib/staff/lti');
    const { AccessError } = await import('../../lib/site/errors');
    const ta = viewer(randomUUID(), offeringId, 'ta');
    const archived = viewer(teacherId, offeringId, 'instructor', true);
    for (const attempt of [rotateSigningKey(ta), syncRosterAsStaff(ta), rotateSigningKey(archived), updatePlatformAsStaff(archived, platformId, {})]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessError);
      expect((err as InstanceType<typeof AccessError>).status).toBe(403);
    }
    const read = await ltiOverview(ta);
    expect(read.canWrite).toBe(false);
    expect(read.toolValues).toEqual({ loginUrl: 'http://localhost:3000/api/lti/login', launchUrl: 'http://localhost:3000/api/lti/launch', jwksUrl: 'http://localhost:3000/api/lti/jwks', deepLinkUrl: 'http://localhost:3000/api/lti/launch' });
    expect(read.platforms.map((p) => p.id)).toEqual([platformId]);
    expect((await ltiOverview(instructor)).canWrite).toBe(true);
    expect((await ltiOverview(archived)).canWrite).toBe(false);
  });

  it('edits a platform, keeping its courses; rotates the key with both keys published', async () => {
    const { ltiOverview, rotateSigningKey, updatePlatformAsStaff } = await import('../../lib/staff/lti');
    const { publishedKeys } = await import('../../lib/lti/keys');
    const edited = await updatePlatformAsStaff(instructor, platformId, { ...platform.registration(), name: 'Renamed LMS', deploymentIds: `${platform.deploymentId}, deployment-2` });
    expect(edited).toMatchObject({ id: platformId, name: 'Renamed LMS', deploymentIds: [platform.deploymentId, 'deployment-2'] });
    expect((await ltiOverview(instructor)).courses).toEqual([{ platformName: 'Renamed LMS', title: 'Neural networks', hasRoster: true, rosterSyncedAt: null }]);

    const before = (await publishedKeys(await db())).keys.map((k) => k.kid);
    expect(before).toHaveLength(1);
    const { kid } = await rotateSigningKey(instructor);
    expect((await publishedKeys(await db())).keys.map((k) => k.kid)).toEqual([kid, before[0]]);
    const keys = (await ltiOverview(instructor)).keys;
    expect(keys.map((k) => [k.kid, k.retiredAt === null])).toEqual([
      [kid, true],
      [before[0], false],
    ]);
    expect(keys[1]!.publishedUntil! - keys[1]!.retiredAt!).toBe(7 * 24 * 60 * 60 * 1000);
    // The platform still takes deltalab's service tokens, now signed with the new key.
    const student = await launchAs(platform, {});
    await gradedSubmission(student.userId, offeringId, 0.5);
    expect(await delivered(`${platform.url}/lineitems/1`)).toEqual([5]);
  });

  it('syncs the roster with added, updated and deactivated counts', async () => {
    const { syncRosterAsStaff, ltiOverview } = await import('../../lib/staff/lti');
    platform.pageSize = 2;
    platform.members = [
      { user_id: 'student-1', roles: [LEARNER], name: 'Ada Student' },
      { user_id: 'student-2', roles: [LEARNER], name: 'Bo Student' },
      { user_id: 'student-3', roles: [LEARNER], name: 'Cy Student' },
      { user_id: 'teacher-1', roles: [INSTRUCTOR], name: 'Tom Teacher' },
    ];
    expect(await syncRosterAsStaff(instructor)).toEqual({ active: 4, created: 2, added: 2, updated: 0, deactivated: 0 });
    // Bo leaves; Cy becomes a TA.
    platform.members = platform.members.filter((m) => m.user_id !== 'student-2').map((m) => (m.user_id === 'student-3' ? { ...m, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'] } : m));
    expect(await syncRosterAsStaff(instructor)).toEqual({ active: 3, created: 0, added: 0, updated: 1, deactivated: 1 });
    // Bo is back.
    platform.members.push({ user_id: 'student-2', roles: [LEARNER], name: 'Bo Student' });
    expect(await syncRosterAsStaff(instructor)).toEqual({ active: 4, created: 0, added: 0, updated: 1, deactivated: 0 });
    const overview = await ltiOverview(instructor);
    expect(overview.courses[0]!.rosterSyncedAt).not.toBeNull();
    expect(overview.audit.filter((a) => a.action === 'roster.sync').map((a) => [a.detail.added, a.detail.updated, a.detail.deactivated])).toEqual([
      [0, 1, 0],
      [0, 1, 1],
      [2, 0, 0],
    ]);
  });

  it('shows a failed delivery with its error, and resends it (only in its own offering)', async () => {
    const { ltiOverview, resendScoreAsStaff } = await import('../../lib/staff/lti');
    const { deliverScores } = await import('../../lib/lti/ags');
    const student = await launchAs(platform, {});
    platform.down = true;
    await gradedSubmission(student.userId, offeringId, 1);
    expect(await deliverScores(await db())).toEqual({ sent: 0, failed: 1 });
    const row = (await ltiOverview(instructor)).scores.find((s) => s.userId === student.userId && s.itemId === 'sigmoid-prime')!;
    expect(row).toMatchObject({ state: 'pending', attempts: 1, scoreGiven: 10, scoreMaximum: 10, studentName: 'Ada Student' });
    expect(row.lastError).toMatch(/503/);
    // The earlier 5/10 reached the LMS: the row says when.
    expect(row.lastSyncAt).not.toBeNull();

    const elsewhere = viewer(teacherId, randomUUID(), 'instructor');
    expect(await resendScoreAsStaff(elsewhere, row.id).catch((e: { status: number }) => e.status)).toBe(404);
    platform.down = false;
    const { id } = await resendScoreAsStaff(instructor, row.id);
    // Due now, whatever the backoff said.
    expect(await deliverScores(await db())).toEqual({ sent: 1, failed: 0 });
    const after = (await ltiOverview(instructor)).scores.find((s) => s.userId === student.userId && s.itemId === 'sigmoid-prime')!;
    expect(after).toMatchObject({ id, state: 'sent', lastError: null });
    expect(platform.scores.filter((s) => s.lineItem === `${platform.url}/lineitems/1`).map((s) => s.body.scoreGiven)).toEqual([5, 10]);
    expect((await ltiOverview(instructor)).audit[0]).toMatchObject({ action: 'score.resend', detail: { outbox: row.id, resent: id } });
  });

  it('sends the quiz score the gradebook counts after an attempt, a regrade, overrides and a removal', async () => {
    const { submitQuiz } = await import('../../lib/site/quizzes');
    const { overrideQuizAttempt, overrideQuizItem } = await import('../../lib/staff/quiz-overrides');
    const { queueQuizScoresOfRun } = await import('../../lib/lti/ags');
    const { newId } = await import('../../lib/db/ids');
    const student = await launchAs(platform, quizLink());
    expect(student.to).toBe(`/quizzes/${QUIZ}`);
    const line = `${platform.url}/lineitems/quiz`;
    const gradebook = () => gradebookPoints(offeringId, student.userId, `quiz:${QUIZ}`, 10);

    const attempt = await submitQuiz(viewer(student.userId, offeringId, 'student'), QUIZ, { answers: {} }, { locale: 'en' });
    expect(await delivered(line)).toEqual([0]);
    expect(await gradebook()).toBe(0);

    // A regrade run stored as applyQuizRegrade stores it, then queued as it queues.
    const runId = newId();
    await (await db())
      .insertInto('quiz_regrade_run')
      .values({ id: runId, offering_id: offeringId, quiz_id: QUIZ, user_id: null, quiz_version: 'v2', total: 1, changed: 1, created_by: teacherId, created_at: Date.now() })
      .execute();
    await (await db())
      .insertInto('quiz_regrade')
      .values({ id: newId(), run_id: runId, attempt_id: attempt.id, quiz_version: 'v2', score: 0.3, points: 3, max_points: 10, result_json: '{"questions":[]}', created_at: Date.now() })
      .execute();
    await queueQuizScoresOfRun(await db(), runId);
    expect(await delivered(line)).toEqual([0, 3]);
    expect(await gradebook()).toBe(3);

    await overrideQuizAttempt(instructor, { attemptId: attempt.id, percent: 50, reason: 'partial credit' });
    expect(await delivered(line)).toEqual([0, 3, 5]);
    await overrideQuizItem(instructor, { userId: student.userId, quizId: QUIZ, percent: 80, reason: 'oral exam' });
    expect(await delivered(line)).toEqual([0, 3, 5, 8]);
    expect(await gradebook()).toBe(8);
    await overrideQuizItem(instructor, { userId: student.userId, quizId: QUIZ, percent: null, reason: 'taken back' });
    expect(await delivered(line)).toEqual([0, 3, 5, 8, 5]);
    expect(await gradebook()).toBe(5);
    expect(platform.scores.filter((s) => s.lineItem === line).every((s) => s.body.userId === 'student-1' && s.body.scoreMaximum === 10)).toBe(true);
  });

  it('sends the exercise score the gradebook counts: the last attempt where it counts, times its late factor; removals too', async () => {
    const { overrideScore, removeOverride } = await import('../../lib/staff/overrides');
    const student = await launchAs(platform, { sub: 'student-9', name: 'Di Late', email: 'di@lms.example' });
    const line = `${platform.url}/lineitems/1`;
    const mine = async () => platform.scores.filter((s) => s.lineItem === line && s.body.userId === 'student-9').map((s) => s.body.scoreGiven as number);
    const gradebook = () => gradebookPoints(offeringId, student.userId, 'exercise:sigmoid-prime', 10);
    await (await db())
      .insertInto('item_window')
      .values({ offering_id: offeringId, target_kind: 'exercise', target_id: 'sigmoid-prime', opens_at: null, due_at: null, close_at: null, late_policy: null, max_attempts: null, counts: 'last', updated_by: teacherId, updated_at: Date.now() })
      .execute();

    await gradedSubmission(student.userId, offeringId, 1, Date.now() - 2000);
    await delivered(line);
    expect(await mine()).toEqual([10]);
    // A later, late, full-marks submission worth 60%: the last counts, at its factor.
    const late = await gradedSubmission(student.userId, offeringId, 1, Date.now() - 1000);
    await (await db()).insertInto('late_submission').values({ submission_id: late, due_at: Date.now() - 5000, factor: 0.6 }).execute();
    const { queueExerciseScore } = await import('../../lib/lti/ags');
    await queueExerciseScore(await db(), student.userId, offeringId, 'sigmoid-prime');
    await delivered(line);
    expect(await mine()).toEqual([10, 6]);
    expect(await gradebook()).toBe(6);

    await overrideScore(instructor, { submissionId: late, percent: 90, reason: 'late for a good reason' });
    await delivered(line);
    expect(await mine()).toEqual([10, 6, 9]);
    await removeOverride(instructor, { submissionId: late, reason: 'changed my mind' });
    await delivered(line);
    expect(await mine()).toEqual([10, 6, 9, 6]);
    expect(await gradebook()).toBe(6);
  });

  it('puts the offering’s dates on deep-linked line items (submission.endDateTime is the due date)', async () => {
    const { deepLinkResponse } = await import('../../lib/lti/deep-linking');
    const opens = Date.UTC(2026, 8, 1, 0, 0);
    const due = Date.UTC(2026, 8, 14, 15, 59);
    const close = Date.UTC(2026, 8, 21, 15, 59);
    const window = (kind: 'quiz' | 'section', id: string, opensAt: number | null, dueAt: number | null, closeAt: number | null) => ({
      offering_id: offeringId,
      target_kind: kind,
      target_id: id,
      opens_at: opensAt,
      due_at: dueAt,
      close_at: closeAt,
      late_policy: null,
      max_attempts: null,
      counts: null,
      updated_by: teacherId,
      updated_at: Date.now(),
    });
    // The quiz has its own due date; its section gives the open and close dates; section 4.2 only a due date.
    await (await db())
      .insertInto('item_window')
      .values([window('quiz', QUIZ, null, due, null), window('section', '4.1', opens, null, close), window('section', '4.2', null, due, null)])
      .execute();
    const teacher = await launchAs(platform, {
      sub: 'teacher-1',
      [`${LTI}roles`]: [INSTRUCTOR],
      [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
      [`${LTI}resource_link`]: undefined,
      'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${platform.url}/deep-link-return`, accept_types: ['ltiResourceLink'] },
    });
    const response = await deepLinkResponse(
      await db(),
      teacher.to.split('/').pop()!,
      teacher.userId,
      [
        { kind: 'quiz', id: QUIZ, title: 'Quiz', points: 10 },
        { kind: 'section', id: '4.2', title: '4.2', points: 30 },
        { kind: 'exercise', id: 'relu-subgradient', title: 'ReLU', points: 10 },
        { kind: 'section', id: '4.3', title: '4.3', points: 50 },
      ],
      LAUNCH_URL,
    );
    const res = await fetch(response!.returnUrl, { method: 'POST', body: new URLSearchParams({ JWT: response!.jwt }) });
    expect(res.status).toBe(200);
    const items = platform.deepLinkResponses.at(-1)!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[];
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(items.map((i) => [i.available, i.submission])).toEqual([
      [
        { startDateTime: iso(opens), endDateTime: iso(close) },
        { startDateTime: iso(opens), endDateTime: iso(due) },
      ],
      [undefined, { endDateTime: iso(due) }],
      // An exercise of section 4.1 without dates of its own takes the section's.
      [
        { startDateTime: iso(opens), endDateTime: iso(close) },
        { startDateTime: iso(opens), endDateTime: iso(close) },
      ],
      [undefined, undefined],
    ]);
    expect(items[0]!.lineItem).toEqual({ scoreMaximum: 10, label: 'Quiz', resourceId: `quiz:${QUIZ}` });
  });

  it('removes a platform with its courses and waiting scores; people and their work stay', async () => {
    const { removePlatformAsStaff, ltiOverview } = await import('../../lib/staff/lti');
    const users = Number((await (await db()).selectFrom('user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await removePlatformAsStaff(instructor, platformId);
    const overview = await ltiOverview(instructor);
    expect(overview.platforms).toEqual([]);
    expect(overview.courses).toEqual([]);
    expect(overview.scores).toEqual([]);
    expect(Number((await (await db()).selectFrom('user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(users);
    expect(overview.audit.map((a) => a.action).slice(0, 2)).toEqual(['platform.remove', 'score.resend']);
    expect(await removePlatformAsStaff(instructor, platformId).catch((e: { status: number }) => e.status)).toBe(404);
  });
});
