import type { JWTPayload } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../../lib/auth/roles';
import { TEST_DB } from './site-helpers';
import { db, gradedSubmission, INSTRUCTOR, LAUNCH_URL, launchAs, LTI, useLtiSite } from './lti-helpers';

vi.mock('server-only', () => ({}));

/**
 * A section or an assignment placed as one LMS activity: the picker offers it at the points the
 * gradebook's subtotal is out of, the deep linking response honours what the platform's request
 * allows (deep_linking_settings), and its line item receives the gradebook's subtotal after a quiz
 * attempt, a submission and overrides. Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
 */
const platform = useLtiSite();
const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
const QUIZ = 'activation-functions-quiz';

/** The teacher's deep linking request with these settings; returns the stored request's id. */
async function deepLinkRequest(settings: Record<string, unknown>): Promise<{ id: string; userId: string; offeringId: string }> {
  const teacher = await launchAs(platform, {
    sub: 'teacher-1',
    [`${LTI}roles`]: [INSTRUCTOR],
    [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
    [`${LTI}resource_link`]: undefined,
    [DL_SETTINGS]: { deep_link_return_url: `${platform.url}/deep-link-return`, ...settings },
  });
  expect(teacher.to).toMatch(/^\/lti\/deep-link\/[0-9a-f-]+$/);
  return { id: teacher.to.split('/').at(-1)!, userId: teacher.userId, offeringId: teacher.offeringId! };
}

/** A student's launch of an activity placed by deep linking, with its own line item. */
const placed = (item: string, line: string) => ({
  [`${LTI}resource_link`]: { id: `link-${line}`, title: item },
  [`${LTI}custom`]: { deltalab_item: item },
  'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
    scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
    lineitems: `${platform.url}/lineitems`,
    lineitem: `${platform.url}/lineitems/${line}`,
  },
});

function viewer(userId: string, offeringId: string, role: 'instructor' | 'student'): Viewer {
  return { id: userId, name: `${role} ${userId.slice(0, 4)}`, email: `${userId}@x.invalid`, role: role === 'student' ? 'student' : 'staff', locale: null, offering: { id: offeringId, role, archived: false } };
}

/** The gradebook's subtotal for a student: its points over the items of a section, or of an assignment. */
async function subtotal(offeringId: string, userId: string, of: { section: string } | { assignmentId: string }): Promise<{ points: number; max: number }> {
  const { buildGradebook, GradebookQuery, itemKey } = await import('../../lib/staff/gradebook');
  const book = await buildGradebook(await db(), offeringId, GradebookQuery.parse('section' in of ? { section: of.section } : {}));
  const items = 'section' in of ? book.items : book.items.filter((i) => i.assignmentId === of.assignmentId);
  const cells = book.rows.find((r) => r.student.id === userId)?.cells ?? {};
  const points = items.reduce((s, i) => s + (cells[itemKey(i)]?.bestScore ?? 0) * i.points, 0);
  return { points: Math.round(points * 1000) / 1000, max: items.reduce((s, i) => s + i.points, 0) };
}

/** Delivers what is due and returns the scores the platform got for a line item. */
async function delivered(line: string): Promise<{ given: number; max: number }[]> {
  const { deliverScores } = await import('../../lib/lti/ags');
  await deliverScores(await db(), { now: Date.now() + 24 * 60 * 60_000 });
  return platform.scores.filter((s) => s.lineItem === `${platform.url}/lineitems/${line}`).map((s) => ({ given: s.body.scoreGiven as number, max: s.body.scoreMaximum as number }));
}

describe(`LTI sections and assignments placed whole (${TEST_DB})`, () => {
  let offeringId = '';
  let teacherId = '';
  let homework = '';

  it('offers the offering’s assignments and sections at the points of the gradebook’s subtotals', async () => {
    const request = await deepLinkRequest({ accept_types: ['ltiResourceLink'] });
    offeringId = request.offeringId;
    teacherId = request.userId;
    const instructor = viewer(teacherId, offeringId, 'instructor');
    const { createAssignment, setAssignmentItems } = await import('../../lib/staff/assignments');
    homework = (await createAssignment(instructor, { title: 'Homework 1' })).id;
    const quizzes = (await createAssignment(instructor, { title: 'Quizzes' })).id;
    // Section 4.1 counts sigmoid-prime (from Homework 1) and the quiz (from Quizzes); Homework 1
    // also counts an exercise of 4.2: the two subtotals differ.
    await setAssignmentItems(instructor, { assignmentId: homework, items: [{ kind: 'exercise', id: 'sigmoid-prime', points: 20 }, { kind: 'exercise', id: 'neuron-forward', points: 10 }] });
    await setAssignmentItems(instructor, { assignmentId: quizzes, items: [{ kind: 'quiz', id: QUIZ, points: 5 }] });

    const { placeableItems } = await import('../../lib/lti/items');
    const items = await placeableItems(await db(), offeringId, 'en');
    expect(items.find((i) => i.kind === 'section' && i.id === '4.1')?.points).toBe(25);
    expect(items.filter((i) => i.kind === 'assignment')).toEqual([
      { kind: 'assignment', id: homework, title: 'Homework 1', points: 30 },
      { kind: 'assignment', id: quizzes, title: 'Quizzes', points: 5 },
    ]);
    expect((await subtotal(offeringId, teacherId, { section: '4.1' })).max).toBe(25);
    expect((await subtotal(offeringId, teacherId, { assignmentId: homework })).max).toBe(30);

    const { deepLinkResponse } = await import('../../lib/lti/deep-linking');
    const chosen = items.filter((i) => (i.kind === 'section' && i.id === '4.1') || i.id === homework);
    const response = await deepLinkResponse(await db(), request.id, teacherId, chosen, LAUNCH_URL);
    expect(response).not.toBeNull();
    const res = await fetch(response!.returnUrl, { method: 'POST', body: new URLSearchParams({ JWT: response!.jwt }) });
    expect(res.status).toBe(200);
    const contentItems = platform.deepLinkResponses.at(-1)!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as JWTPayload[];
    expect(contentItems.map((c) => [c.type, (c.custom as Record<string, string>).deltalab_item, (c.lineItem as { scoreMaximum: number }).scoreMaximum])).toEqual([
      ['ltiResourceLink', 'section:4.1', 25],
      ['ltiResourceLink', `assignment:${homework}`, 30],
    ]);
  });

  it('sends the section’s and the assignment’s subtotal after a quiz attempt, a submission and overrides', async () => {
    const section = await launchAs(platform, placed('section:4.1', 'sec'));
    expect(section.to).toBe('/#section-4.1');
    const student = await launchAs(platform, placed(`assignment:${homework}`, 'hw'));
    // An assignment has no page of its own: its launch opens the section of its first item.
    expect(student.to).toBe('/#section-4.1');
    const instructor = viewer(teacherId, offeringId, 'instructor');
    const sec = () => subtotal(offeringId, student.userId, { section: '4.1' });
    const hw = () => subtotal(offeringId, student.userId, { assignmentId: homework });

    const { submitQuiz } = await import('../../lib/site/quizzes');
    await submitQuiz(viewer(student.userId, offeringId, 'student'), QUIZ, { answers: {} }, { locale: 'en' });
    // The quiz is graded (0 of its 5): the section has a score, the assignment nothing graded yet.
    expect(await delivered('sec')).toEqual([{ given: 0, max: 25 }]);
    expect(await delivered('hw')).toEqual([]);

    const submission = await gradedSubmission(student.userId, offeringId, 0.5);
    expect(await delivered('sec')).toEqual([{ given: 0, max: 25 }, { given: 10, max: 25 }]);
    expect(await delivered('hw')).toEqual([{ given: 10, max: 30 }]);
    expect(await sec()).toEqual({ points: 10, max: 25 });
    expect(await hw()).toEqual({ points: 10, max: 30 });

    const { overrideScore } = await import('../../lib/staff/overrides');
    await overrideScore(instructor, { submissionId: submission, percent: 90, reason: 'good work' });
    expect((await delivered('sec')).at(-1)).toEqual({ given: 18, max: 25 });
    expect((await delivered('hw')).at(-1)).toEqual({ given: 18, max: 30 });
    expect(await hw()).toEqual({ points: 18, max: 30 });

    const { overrideQuizItem } = await import('../../lib/staff/quiz-overrides');
    await overrideQuizItem(instructor, { userId: student.userId, quizId: QUIZ, percent: 80, reason: 'oral exam' });
    expect((await delivered('sec')).at(-1)).toEqual({ given: 22, max: 25 });
    expect(await sec()).toEqual({ points: 22, max: 25 });
    // The quiz is not in Homework 1: its line item got nothing new.
    expect(await delivered('hw')).toHaveLength(2);
    expect(platform.scores.every((s) => s.body.userId === 'student-1')).toBe(true);
  });

  it('honours deep_linking_settings: no resource links accepted, one item only, no line items', async () => {
    const { deepLinkResponse, openDeepLink, settingsOf } = await import('../../lib/lti/deep-linking');
    const { placeableItems } = await import('../../lib/lti/items');
    const items = await placeableItems(await db(), offeringId, 'en');
    const two = items.filter((i) => i.kind === 'assignment');

    const noLinks = await deepLinkRequest({ accept_types: ['link', 'file'] });
    expect(settingsOf((await openDeepLink(await db(), noLinks.id, teacherId))!)).toEqual({ acceptsResourceLink: false, acceptMultiple: true, acceptLineItem: true });
    expect(await deepLinkResponse(await db(), noLinks.id, teacherId, two.slice(0, 1), LAUNCH_URL)).toBeNull();

    const single = await deepLinkRequest({ accept_types: ['ltiResourceLink'], accept_multiple: false, accept_lineitem: false });
    expect(settingsOf((await openDeepLink(await db(), single.id, teacherId))!)).toEqual({ acceptsResourceLink: true, acceptMultiple: false, acceptLineItem: false });
    // Two items where one is accepted: refused, and the request stays open for a second try.
    expect(await deepLinkResponse(await db(), single.id, teacherId, two, LAUNCH_URL)).toBeNull();
    const response = await deepLinkResponse(await db(), single.id, teacherId, two.slice(0, 1), LAUNCH_URL);
    expect(response).not.toBeNull();
    await fetch(response!.returnUrl, { method: 'POST', body: new URLSearchParams({ JWT: response!.jwt }) });
    const [item, ...rest] = platform.deepLinkResponses.at(-1)!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as JWTPayload[];
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ type: 'ltiResourceLink', custom: { deltalab_item: `assignment:${homework}` } });
    expect(item).not.toHaveProperty('lineItem');
  });
});
