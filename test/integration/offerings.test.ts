import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { JOIN_CODE, signUpStudent, startSite, useTempSiteEnv } from './site-helpers';
import { accountWithRole, sigmoidMistake, sigmoidSolution, submitAs, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Offerings keep their data apart: two offerings (A, the first one, and B, made by an instructor),
 * students and staff in each and one student in both. Reads, submissions, the gradebook, exports,
 * review, overrides and regrades of one never show or touch the other; staff of one are not staff
 * of the other; a cookie naming an offering the person does not belong to is ignored. Also: join
 * code rotation, archiving (read-only, still exportable), assignments' weights in the totals.
 * Real database (SQLite, or PostgreSQL under test:pg), real pool, real route handlers.
 */

const env = useTempSiteEnv();
let pool: GraderPool;
let instructor: string;
let taA: string;
let taB: string;
let alice: string; // student of A
let bob: string; // student of B
let carol: string; // student of both
let A: string;
let B: { id: string; joinCode: string };
const inOffering = (cookie: string, offeringId: string) => `${cookie}; deltalab-offering=${offeringId}`;

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  instructor = await accountWithRole('prof@example.com', 'instructor');
  taA = await accountWithRole('ta-a@example.com', 'staff');
  A = (await viewerOf(instructor)).offering!.id;
  const { createOffering, addOfferingStaff } = await import('../../lib/staff/offerings');
  const created = await createOffering(await viewerOf(instructor), { title: 'NNDL ch.4', term: 'spring 2027, class 2', timeZone: 'Asia/Shanghai' });
  B = { id: created.id, joinCode: created.joinCode };
  alice = await signUpStudent('alice@example.com');
  bob = await signUpStudent('bob@example.com', B.joinCode);
  carol = await signUpStudent('carol@example.com');
  const { joinOffering } = await import('../../lib/site/offerings');
  await joinOffering(await viewerOf(carol), B.joinCode);
  // A TA of B: an account that joined B as a student, then made its TA by B's instructor.
  taB = await signUpStudent('ta-b@example.com', B.joinCode);
  await addOfferingStaff(await viewerOf(inOffering(instructor, B.id)), { email: 'ta-b@example.com', role: 'ta' });
  await pool.ready();
  expect((await submitAs(alice, 'sigmoid-prime', sigmoidSolution, 'alice-0001')).body.submission?.status).toBe('passed');
  expect((await submitAs(bob, 'sigmoid-prime', sigmoidMistake('returns-sigma'), 'bob-00001')).body.submission?.status).toBe('failed');
  expect((await submitAs(inOffering(carol, A), 'sigmoid-prime', sigmoidSolution, 'carol-A-01')).body.submission?.status).toBe('passed');
  expect((await submitAs(inOffering(carol, B.id), 'sigmoid-prime', sigmoidMistake('returns-sigma'), 'carol-B-01')).body.submission?.status).toBe('failed');
}, 180_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

const emails = (rows: { student: { email: string } }[]) => rows.map((r) => r.student.email).sort();

describe('which offering a request acts in', () => {
  it('follows the cookie only to an offering the person belongs to', async () => {
    expect((await viewerOf(inOffering(carol, B.id))).offering).toMatchObject({ id: B.id, role: 'student' });
    expect((await viewerOf(inOffering(carol, A))).offering).toMatchObject({ id: A, role: 'student' });
    // Alice is not in B: her cookie naming B is ignored, she acts in A.
    expect((await viewerOf(inOffering(alice, B.id))).offering?.id).toBe(A);
    // B's TA naming A acts in B, as its TA, and is staff nowhere else.
    const tb = await viewerOf(inOffering(taB, A));
    expect(tb.offering).toMatchObject({ id: B.id, role: 'ta' });
    const { maySwitchTo } = await import('../../lib/site/offerings');
    expect(await maySwitchTo(await viewerOf(alice), B.id)).toBe(false);
    expect(await maySwitchTo(await viewerOf(carol), B.id)).toBe(true);
    // Site instructors may act in any offering.
    expect((await viewerOf(inOffering(instructor, B.id))).offering).toMatchObject({ id: B.id, role: 'instructor' });
  });

  it('lists the switcher choices: memberships, or every offering for site instructors', async () => {
    const { offeringChoices } = await import('../../lib/site/offerings');
    expect((await offeringChoices(await viewerOf(alice))).map((c) => c.id)).toEqual([A]);
    expect((await offeringChoices(await viewerOf(inOffering(carol, B.id)))).map((c) => [c.id, c.current])).toEqual([
      [B.id, true],
      [A, false],
    ]);
    expect((await offeringChoices(await viewerOf(instructor))).map((c) => c.id).sort()).toEqual([A, B.id].sort());
  });
});

describe('isolation between offerings', () => {
  it('shows a student only the work of the offering they act in', async () => {
    const { getProgress, getAttempts } = await import('../../lib/site/submissions');
    const inA = await viewerOf(inOffering(carol, A));
    const inB = await viewerOf(inOffering(carol, B.id));
    expect((await getProgress(inA))['sigmoid-prime']).toMatchObject({ bestScore: 1, attempts: 1 });
    expect((await getProgress(inB))['sigmoid-prime']!.bestScore).toBeLessThan(1);
    expect(await getAttempts(inA, 'sigmoid-prime')).toHaveLength(1);
    expect((await getAttempts(inB, 'sigmoid-prime'))[0]!.status).toBe('failed');
  });

  it('gives each offering its own gradebook, with its students only', async () => {
    const { getGradebook, itemKey } = await import('../../lib/staff/gradebook');
    const key = itemKey({ kind: 'exercise', id: 'sigmoid-prime' });
    const bookA = await getGradebook(await viewerOf(taA), {});
    const bookB = await getGradebook(await viewerOf(taB), {});
    expect(emails(bookA.rows)).toEqual(['alice@example.com', 'carol@example.com']);
    expect(emails(bookB.rows)).toEqual(['bob@example.com', 'carol@example.com']);
    expect(bookA.rows.find((r) => r.student.email === 'carol@example.com')!.cells[key]).toMatchObject({ bestScore: 1, attempts: 1 });
    expect(bookB.rows.find((r) => r.student.email === 'carol@example.com')!.cells[key]!.bestScore).toBeLessThan(1);
  });

  it('exports only the offering’s students and submissions', async () => {
    const { gradebookCsv, submissionsCsv } = await import('../../lib/staff/export');
    const { GradebookQuery } = await import('../../lib/staff/gradebook');
    const subsA = await submissionsCsv(await viewerOf(taA));
    const subsB = await submissionsCsv(await viewerOf(taB));
    expect(subsA).toContain('alice@example.com');
    expect(subsA).not.toContain('bob@example.com');
    expect(subsB).toContain('bob@example.com');
    expect(subsB).not.toContain('alice@example.com');
    // Carol appears in both, once each: her submission of that offering.
    expect(subsA.split('\n').filter((l) => l.includes('carol@example.com'))).toHaveLength(1);
    expect(subsB.split('\n').filter((l) => l.includes('carol@example.com'))).toHaveLength(1);
    const bookB = await gradebookCsv(await viewerOf(taB), GradebookQuery.parse({}));
    expect(bookB).toContain('bob@example.com');
    expect(bookB).not.toContain('alice@example.com');
  });

  it('refuses review, overrides and submissions of another offering', async () => {
    const { reviewSubmissions } = await import('../../lib/staff/review');
    const { overrideScore, overrideAudit } = await import('../../lib/staff/overrides');
    const { getSubmission } = await import('../../lib/site/submissions');
    const bobId = (await viewerOf(bob)).id;
    const carolId = (await viewerOf(carol)).id;
    await expect(reviewSubmissions(await viewerOf(taA), bobId, 'sigmoid-prime')).rejects.toMatchObject({ status: 404 });
    const carolInB = await reviewSubmissions(await viewerOf(taB), carolId, 'sigmoid-prime');
    expect(carolInB.submissions.map((s) => s.status)).toEqual(['failed']);
    const bobSubmission = (await reviewSubmissions(await viewerOf(taB), bobId, 'sigmoid-prime')).submissions[0]!.id;
    await expect(getSubmission(await viewerOf(taA), bobSubmission)).rejects.toMatchObject({ status: 404 });
    expect((await getSubmission(await viewerOf(taB), bobSubmission)).id).toBe(bobSubmission);
    await expect(overrideScore(await viewerOf(taA), { submissionId: bobSubmission, percent: 100, reason: 'not mine to change' })).rejects.toMatchObject({ status: 404 });
    await overrideScore(await viewerOf(taB), { submissionId: bobSubmission, percent: 50, reason: 'partial credit' });
    expect((await overrideAudit(await viewerOf(taB))).map((a) => a.submissionId)).toEqual([bobSubmission]);
    expect(await overrideAudit(await viewerOf(taA))).toEqual([]);
  });

  it('regrades only the offering’s submissions, and lists its runs only', async () => {
    const { startRegrade, runRegrade, listRegradeRuns, getRegradeRun } = await import('../../lib/staff/regrade');
    const run = await startRegrade(await viewerOf(taA), { exerciseId: 'sigmoid-prime' });
    // Alice's and Carol's submissions in A, not Bob's or Carol's in B.
    expect(run.total).toBe(2);
    await runRegrade(run.id);
    expect((await listRegradeRuns(await viewerOf(taA))).map((r) => r.id)).toEqual([run.id]);
    expect(await listRegradeRuns(await viewerOf(taB))).toEqual([]);
    await expect(getRegradeRun(await viewerOf(taB), run.id)).rejects.toMatchObject({ status: 404 });
    const { getDb } = await import('../../lib/db');
    const covered = await (await getDb())
      .selectFrom('regrade_target as t')
      .innerJoin('submission as s', 's.id', 't.submission_id')
      .select('s.offering_id')
      .where('t.run_id', '=', run.id)
      .execute();
    expect(covered.map((c) => c.offering_id)).toEqual([A, A]);
  }, 60_000);

  it('makes staff of one offering nobody in another', async () => {
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const { addOfferingStaff } = await import('../../lib/staff/offerings');
    // A TA is not an instructor: B's TA cannot add staff.
    await expect(addOfferingStaff(await viewerOf(taB), { email: 'alice@example.com', role: 'ta' })).rejects.toMatchObject({ status: 403 });
    // A student of both acting in B is no staff anywhere.
    await expect(getGradebook(await viewerOf(carol), {})).rejects.toMatchObject({ status: 403 });
  });
});

describe('managing an offering', () => {
  it('validates time zones with Intl and copies assignments from another offering', async () => {
    const { createOffering } = await import('../../lib/staff/offerings');
    const { createAssignment, setAssignmentItems, listAssignments } = await import('../../lib/staff/assignments');
    const prof = await viewerOf(instructor);
    await expect(createOffering(prof, { title: 'X', timeZone: 'Mars/Olympus_Mons' })).rejects.toMatchObject({ status: 400 });
    await expect(createOffering(await viewerOf(taA), { title: 'X', timeZone: 'UTC' })).rejects.toMatchObject({ status: 403 });
    const profInB = await viewerOf(inOffering(instructor, B.id));
    const { id } = await createAssignment(profInB, { title: 'Homework 1: 4.1 neurons' });
    await setAssignmentItems(profInB, { assignmentId: id, items: [{ kind: 'exercise', id: 'sigmoid-prime', points: 3 }] });
    const copy = await createOffering(prof, { title: 'NNDL ch.4', term: 'fall 2027', timeZone: 'europe/berlin', copyFrom: B.id });
    expect(copy.timeZone).toBe('Europe/Berlin');
    const copied = await listAssignments(await viewerOf(inOffering(instructor, copy.id)));
    expect(copied.assignments.map((a) => [a.title, a.items.map((i) => [i.id, i.points])])).toEqual([['Homework 1: 4.1 neurons', [['sigmoid-prime', 3]]]]);
    // Nothing of B's members came along.
    const { getGradebook } = await import('../../lib/staff/gradebook');
    expect((await getGradebook(await viewerOf(inOffering(instructor, copy.id)), {})).rows).toEqual([]);
  });

  it('weights the totals by the assignments’ points; with none, the catalogue’s', async () => {
    const { createAssignment, setAssignmentItems, countedItems } = await import('../../lib/staff/assignments');
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const { getCatalog } = await import('../../lib/content/loader');
    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    // A has no assignments: every catalogue item at its own points.
    const before = await countedItems(db, A);
    expect(before.find((i) => i.id === 'sigmoid-prime')).toEqual({ kind: 'exercise', id: 'sigmoid-prime', points: getCatalog().byId.get('sigmoid-prime')!.points, assignmentId: null, assignmentTitle: null });
    // With no assignment, the columns group by section, in the catalogue's section order, with no subtotals.
    const ungrouped = await getGradebook(await viewerOf(taA), {});
    expect(ungrouped.groups.every((g) => g.kind === 'section')).toBe(true);
    expect(ungrouped.groups.flatMap((g) => g.items).map((i) => `${i.kind}:${i.id}`).sort()).toEqual(ungrouped.items.map((i) => `${i.kind}:${i.id}`).sort());
    const { SECTION_IDS } = await import('../../lib/content/sections');
    const sectionOrder = ungrouped.groups.map((g) => (g.kind === 'section' ? SECTION_IDS.indexOf(g.section as (typeof SECTION_IDS)[number]) : -1));
    expect(sectionOrder).toEqual([...sectionOrder].sort((x, y) => x - y));
    expect(ungrouped.rows.every((r) => Object.keys(r.assignments).length === 0)).toBe(true);
    const profInA = await viewerOf(inOffering(instructor, A));
    await expect(createAssignment(await viewerOf(taA), { title: 'Nope' })).rejects.toMatchObject({ status: 403 });
    const hw = await createAssignment(profInA, { title: 'Homework 3: 4.4 backprop' });
    await setAssignmentItems(profInA, {
      assignmentId: hw.id,
      items: [
        { kind: 'quiz', id: 'activation-functions-quiz', points: 6 },
        { kind: 'exercise', id: 'sigmoid-prime', points: 4 },
      ],
    });
    expect(await countedItems(db, A)).toEqual([
      { kind: 'quiz', id: 'activation-functions-quiz', points: 6, assignmentId: hw.id, assignmentTitle: 'Homework 3: 4.4 backprop' },
      { kind: 'exercise', id: 'sigmoid-prime', points: 4, assignmentId: hw.id, assignmentTitle: 'Homework 3: 4.4 backprop' },
    ]);
    const book = await getGradebook(await viewerOf(taA), {});
    const aliceRow = book.rows.find((r) => r.student.email === 'alice@example.com')!;
    expect(book.items.map((i) => i.id)).toEqual(['activation-functions-quiz', 'sigmoid-prime']);
    expect(aliceRow.maxPoints).toBe(10);
    // Alice's sigmoid-prime passed (regraded: still 100%): 4 of 10.
    expect(aliceRow.points).toBeCloseTo(4);
    expect(aliceRow.total).toBeCloseTo(0.4);
    // The columns group under the assignment, which has a subtotal per student.
    expect(book.groups).toEqual([expect.objectContaining({ kind: 'assignment', assignmentId: hw.id, title: 'Homework 3: 4.4 backprop' })]);
    expect(book.groups[0]!.items.map((i) => i.id)).toEqual(['activation-functions-quiz', 'sigmoid-prime']);
    expect(aliceRow.assignments[hw.id]).toMatchObject({ maxPoints: 10 });
    expect(aliceRow.assignments[hw.id]!.points).toBeCloseTo(4);
    expect(aliceRow.assignments[hw.id]!.total).toBeCloseTo(0.4);
    // The CSV keeps its columns and appends one per assignment: the student's percentage of it.
    const { gradebookCsv, GRADEBOOK_FIXED_COLUMNS } = await import('../../lib/staff/export');
    const { GradebookQuery } = await import('../../lib/staff/gradebook');
    const { parseCsv } = await import('../../lib/staff/csv');
    const [header, ...csvRows] = parseCsv((await gradebookCsv(await viewerOf(taA), GradebookQuery.parse({}))).replace(/^\uFEFF/, ''));
    expect(header).toEqual([...GRADEBOOK_FIXED_COLUMNS, 'quiz:activation-functions-quiz', 'exercise:sigmoid-prime', 'assignment:Homework 3: 4.4 backprop']);
    expect(csvRows.find((r) => r[header!.indexOf('email')] === 'alice@example.com')?.at(-1)).toBe('40');
    // B's assignment of another offering cannot be edited from A.
    const bAssignment = await db.selectFrom('assignment').select('id').where('offering_id', '=', B.id).executeTakeFirstOrThrow();
    await expect(setAssignmentItems(profInA, { assignmentId: bAssignment.id, items: [] })).rejects.toMatchObject({ status: 404 });
    // An item counts in one assignment of an offering at most.
    const hw4 = await createAssignment(profInA, { title: 'Homework 4' });
    await expect(setAssignmentItems(profInA, { assignmentId: hw4.id, items: [{ kind: 'exercise', id: 'sigmoid-prime', points: 1 }] })).rejects.toMatchObject({ status: 400 });
  });

  it('rotates the join code: the old one is refused, the new one works', async () => {
    const { rotateJoinCode } = await import('../../lib/staff/offerings');
    const { joinOffering } = await import('../../lib/site/offerings');
    await expect(rotateJoinCode(await viewerOf(taB))).rejects.toMatchObject({ status: 403 });
    const { joinCode } = await rotateJoinCode(await viewerOf(inOffering(instructor, B.id)));
    expect(joinCode).not.toBe(B.joinCode);
    const dave = await signUpStudent('dave@example.com', JOIN_CODE);
    await expect(joinOffering(await viewerOf(dave), B.joinCode)).rejects.toMatchObject({ status: 404 });
    await expect(signUpStudent('erin@example.com', B.joinCode)).rejects.toThrow(/sign-up of erin@example.com failed/);
    expect(await joinOffering(await viewerOf(dave), joinCode.toLowerCase())).toMatchObject({ id: B.id });
    B.joinCode = joinCode;
  });

  it('removes staff by deactivating their membership', async () => {
    const { listOfferingStaff, removeOfferingStaff, setOfferingStaffRole } = await import('../../lib/staff/offerings');
    const profInB = await viewerOf(inOffering(instructor, B.id));
    const tbId = (await viewerOf(taB)).id;
    expect((await listOfferingStaff(profInB)).map((s) => [s.email, s.role])).toEqual(
      expect.arrayContaining([
        ['prof@example.com', 'instructor'],
        ['ta-b@example.com', 'ta'],
      ]),
    );
    // The last instructor of an offering stays.
    await expect(setOfferingStaffRole(profInB, { userId: (await viewerOf(instructor)).id, role: 'ta' })).rejects.toMatchObject({ status: 400 });
    await removeOfferingStaff(profInB, { userId: tbId });
    expect((await listOfferingStaff(profInB)).map((s) => s.email)).toEqual(['prof@example.com']);
    const { getGradebook } = await import('../../lib/staff/gradebook');
    await expect(getGradebook(await viewerOf(taB), {})).rejects.toMatchObject({ status: 403 });
    const { getDb } = await import('../../lib/db');
    const row = await (await getDb()).selectFrom('offering_member').select('deactivated_at').where('user_id', '=', tbId).where('offering_id', '=', B.id).executeTakeFirstOrThrow();
    expect(row.deactivated_at).not.toBeNull();
  });

  it('archives an offering: read-only for students and staff, still exportable, in both languages', async () => {
    const { setArchived } = await import('../../lib/staff/offerings');
    const { submit } = await import('../../lib/site/submissions');
    const { submitQuiz } = await import('../../lib/site/quizzes');
    const { overrideScore } = await import('../../lib/staff/overrides');
    const { submissionsCsv } = await import('../../lib/staff/export');
    const { messages } = await import('../../lib/i18n/catalog');
    const profInB = await viewerOf(inOffering(instructor, B.id));
    await setArchived(profInB, { archived: true });
    const bobNow = await viewerOf(bob);
    expect(bobNow.offering).toMatchObject({ id: B.id, archived: true });
    await expect(submit(bobNow, { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'bob-archived-1' }, { locale: 'zh' })).rejects.toMatchObject({
      status: 403,
      message: messages('zh').offerings.archivedReadOnly,
    });
    await expect(submitQuiz(bobNow, 'activation-functions-quiz', { answers: {} }, { locale: 'en' })).rejects.toMatchObject({ status: 403, message: messages('en').offerings.archivedReadOnly });
    const archivedProf = await viewerOf(inOffering(instructor, B.id));
    const bobSubmission = (await submissionsCsv(archivedProf)).split('\n').find((l) => l.includes('bob@example.com'))!.split(',')[0]!;
    await expect(overrideScore(archivedProf, { submissionId: bobSubmission, percent: 90, reason: 'too late for this' })).rejects.toMatchObject({ status: 403 });
    // Exports still work; Carol, also in A, is not stopped there.
    expect(await submissionsCsv(archivedProf)).toContain('bob@example.com');
    expect([200, 202]).toContain((await submitAs(inOffering(carol, A), 'sigmoid-prime', sigmoidSolution, 'carol-A-02')).status);
    // A new visit falls back to an open membership: Carol acts in A without a cookie.
    expect((await viewerOf(carol)).offering?.id).toBe(A);
    await setArchived(archivedProf, { archived: false });
    expect((await viewerOf(bob)).offering).toMatchObject({ id: B.id, archived: false });
  }, 60_000);
});
