import { describe, expect, it, vi } from 'vitest';
import { TEST_DB } from './site-helpers';
import { db, gradedSubmission, INSTRUCTOR, LAUNCH_URL, launchAs, LEARNER, useLtiSite } from './lti-helpers';

vi.mock('server-only', () => ({}));

/**
 * The LTI Advantage services against the test platform: grade passback through the outbox (the LMS
 * down, then up: delivered once), the roster (NRPS paging by Link headers, removed members
 * deactivated), and the deep linking response the platform verifies with deltalab's JWKS.
 * Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
 */
const platform = useLtiSite();

describe(`LTI Advantage services (${TEST_DB})`, () => {
  it('maps the LMS course to one offering and enrolls each person with their LMS role', async () => {
    const student = await launchAs(platform, {});
    const teacher = await launchAs(platform, { sub: 'teacher-1', name: 'Tom Teacher', email: 'tom@lms.example', 'https://purl.imsglobal.org/spec/lti/claim/roles': [INSTRUCTOR] });
    expect(student.offeringId).toBeTruthy();
    expect(teacher.offeringId).toBe(student.offeringId);
    const { memberRole, getOffering } = await import('../../lib/db/offerings');
    expect(await memberRole(await db(), student.userId, student.offeringId!)).toBe('student');
    expect(await memberRole(await db(), teacher.userId, student.offeringId!)).toBe('instructor');
    expect((await getOffering(await db(), student.offeringId!))?.title).toBe('Neural networks');
  });

  it('sends a changed score to the line item once the LMS is back, exactly once', async () => {
    const student = await launchAs(platform, {});
    const { deliverScores, listOutbox } = await import('../../lib/lti/ags');
    platform.down = true;
    await gradedSubmission(student.userId, student.offeringId!, 0.5);
    // Nothing was sent while grading: the score waits in the outbox.
    expect(platform.scores).toHaveLength(0);
    const first = await deliverScores(await db());
    expect(first).toEqual({ sent: 0, failed: 1 });
    const [pending] = await listOutbox(await db());
    expect(pending).toMatchObject({ state: 'pending', attempts: 1, scoreGiven: 5, scoreMaximum: 10 });
    expect(pending!.lastError).toMatch(/503/);
    // Backing off: not due again yet.
    expect(await deliverScores(await db())).toEqual({ sent: 0, failed: 0 });

    platform.down = false;
    expect(await deliverScores(await db(), { now: Date.now() + 10 * 60_000 })).toEqual({ sent: 1, failed: 0 });
    expect(await deliverScores(await db(), { now: Date.now() + 20 * 60_000 })).toEqual({ sent: 0, failed: 0 });
    expect(platform.scores).toHaveLength(1);
    const score = platform.scores[0]!;
    expect(score.lineItem).toBe(`${platform.url}/lineitems/1`);
    expect(score.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(score.body).toMatchObject({ userId: 'student-1', scoreGiven: 5, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(new Date(score.body.timestamp as string).toISOString()).toBe(score.body.timestamp);

    // A worse later submission does not change the counted (best) score: nothing more is queued.
    await gradedSubmission(student.userId, student.offeringId!, 0.2);
    await deliverScores(await db(), { now: Date.now() + 30 * 60_000 });
    expect(platform.scores).toHaveLength(1);
    // A better one is sent; the token from the first delivery is reused.
    const tokens = platform.tokensIssued;
    await gradedSubmission(student.userId, student.offeringId!, 1);
    await deliverScores(await db(), { now: Date.now() + 40 * 60_000 });
    expect(platform.scores.map((s) => s.body.scoreGiven)).toEqual([5, 10]);
    expect(platform.tokensIssued).toBe(tokens);
  });

  it('staff resend puts a sent score on its way again', async () => {
    const { deliverScores, listOutbox, resendScore } = await import('../../lib/lti/ags');
    const [last] = await listOutbox(await db());
    expect(last?.state).toBe('sent');
    expect(await resendScore(await db(), last!.id)).toMatch(/^[0-9a-f-]{36}$/);
    await deliverScores(await db(), { now: Date.now() + 50 * 60_000 });
    expect(platform.scores.map((s) => s.body.scoreGiven)).toEqual([5, 10, 10]);
  });

  it('syncs the roster over several pages and deactivates who left, keeping their rows', async () => {
    const { getAuth } = await import('../../lib/auth/auth');
    const { syncRoster } = await import('../../lib/lti/nrps');
    const student = await launchAs(platform, {});
    platform.pageSize = 2;
    platform.members = [
      { user_id: 'student-1', roles: [LEARNER], name: 'Ada Student' },
      { user_id: 'student-2', roles: [LEARNER], name: 'Bo Student', email: 'bo@lms.example' },
      { user_id: 'student-3', roles: [LEARNER], name: 'Cy Student' },
      { user_id: 'ta-1', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'], name: 'Tia TA' },
      { user_id: 'teacher-1', roles: [INSTRUCTOR], name: 'Tom Teacher' },
    ];
    const first = await syncRoster(await getAuth(), await db(), student.offeringId!);
    expect(first).toEqual({ active: 5, created: 3, added: 3, updated: 0, deactivated: 0 });
    const roles = async () =>
      Object.fromEntries(
        (
          await (await db())
            .selectFrom('offering_member')
            .innerJoin('lti_user', 'lti_user.user_id', 'offering_member.user_id')
            .select(['lti_user.sub', 'offering_member.role', 'offering_member.deactivated_at'])
            .where('offering_member.offering_id', '=', student.offeringId!)
            .execute()
        ).map((r) => [r.sub, `${r.role}${r.deactivated_at === null ? '' : ' (deactivated)'}`]),
      );
    expect(await roles()).toEqual({ 'student-1': 'student', 'student-2': 'student', 'student-3': 'student', 'ta-1': 'ta', 'teacher-1': 'instructor' });

    platform.members = platform.members.filter((m) => m.user_id !== 'student-2').map((m) => (m.user_id === 'student-3' ? { ...m, status: 'Inactive' as const } : m));
    const second = await syncRoster(await getAuth(), await db(), student.offeringId!);
    expect(second).toEqual({ active: 3, created: 0, added: 0, updated: 0, deactivated: 2 });
    expect(await roles()).toEqual({ 'student-1': 'student', 'student-2': 'student (deactivated)', 'student-3': 'student (deactivated)', 'ta-1': 'ta', 'teacher-1': 'instructor' });
  });

  it('answers a deep linking request with a signed response the platform accepts, once', async () => {
    const teacher = await launchAs(platform, {
      sub: 'teacher-1',
      'https://purl.imsglobal.org/spec/lti/claim/roles': [INSTRUCTOR],
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingRequest',
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': undefined,
      'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
        deep_link_return_url: `${platform.url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        data: 'opaque-42',
      },
    });
    expect(teacher.to).toMatch(/^\/lti\/deep-link\/[0-9a-f-]+$/);
    const requestId = teacher.to.split('/').pop()!;
    const { deepLinkResponse } = await import('../../lib/lti/deep-linking');
    const response = await deepLinkResponse(await db(), requestId, teacher.userId, [{ kind: 'exercise', id: 'sigmoid-prime', title: 'Sigmoid prime', points: 10 }], LAUNCH_URL);
    expect(response?.returnUrl).toBe(`${platform.url}/deep-link-return`);
    const res = await fetch(response!.returnUrl, { method: 'POST', body: new URLSearchParams({ JWT: response!.jwt }) });
    expect(res.status).toBe(200);
    const payload = platform.deepLinkResponses.at(-1)!;
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/version']).toBe('1.3.0');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(platform.deploymentId);
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-42');
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([
      { type: 'ltiResourceLink', title: 'Sigmoid prime', url: LAUNCH_URL, custom: { deltalab_item: 'exercise:sigmoid-prime' }, lineItem: { scoreMaximum: 10, label: 'Sigmoid prime', resourceId: 'exercise:sigmoid-prime' } },
    ]);
    expect(platform.lineItems.at(-1)).toMatchObject({ label: 'Sigmoid prime', scoreMaximum: 10 });
    // Answered once; and never by someone else.
    expect(await deepLinkResponse(await db(), requestId, teacher.userId, [], LAUNCH_URL)).toBeNull();
  });

  it('publishes the current key and, after a rotation, the old one until its grace period ends', async () => {
    const { publishedKeys, rotateKey, KEY_GRACE_MS } = await import('../../lib/lti/keys');
    const before = (await publishedKeys(await db())).keys.map((k) => k.kid);
    expect(before).toHaveLength(1);
    const now = Date.now();
    const fresh = await rotateKey(await db(), now);
    expect((await publishedKeys(await db(), now + 1000)).keys.map((k) => k.kid)).toEqual([fresh, before[0]]);
    expect((await publishedKeys(await db(), now + KEY_GRACE_MS + 1000)).keys.map((k) => k.kid)).toEqual([fresh]);
    expect(JSON.stringify(await publishedKeys(await db()))).not.toMatch(/"d":/);
  });
});
