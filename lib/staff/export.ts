import 'server-only';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { requireStaffOffering } from './access';
import { toCsv, type CsvValue } from './csv';
import { buildGradebook, itemKey, type GradebookQuery } from './gradebook';
import { loadScoredSubmissions } from './scores';
import { listStudents, type StudentInfo } from './students';
import { loadScoredQuizAttempts } from '../db/quiz-scores';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The two exports. Column names are stable: an LMS import is set up once and must keep working
 * (README.md, "Course staff", documents them). Scores are percentages 0–100 rounded to two
 * decimals; times are ISO 8601 in UTC. Both cover the offering the request acts in, archived or
 * not (an archived offering stays exportable).
 */

export const GRADEBOOK_FIXED_COLUMNS = ['student_id', 'email', 'name', 'total_points', 'max_points', 'total_percent', 'status'] as const;

/** The `status` column: `not_joined` for a roster row without an account (its scores are zero). */
function status(student: { joined: boolean; deactivated: boolean }): string {
  return !student.joined ? 'not_joined' : student.deactivated ? 'deactivated' : 'active';
}
export const SUBMISSION_COLUMNS = [
  'submission_id',
  'student_id',
  'email',
  'name',
  'item_kind',
  'item_id',
  'exercise_version',
  'submitted_at',
  'status',
  'late',
  'original_percent',
  'regrade_percent',
  'override_percent',
  'final_percent',
  'score_source',
  'override_reason',
] as const;

function percent(score: number | null | undefined): CsvValue {
  return score === null || score === undefined ? '' : Math.round(score * 10_000) / 100;
}

function iso(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

/**
 * One row per student; one column per item named `<kind>:<id>` (its best counted percentage);
 * then, appended so the columns before stay where scripts expect them, one per assignment named
 * `assignment:<title>` (the student's percentage of its points).
 */
export async function gradebookCsv(viewer: Viewer | null, query: GradebookQuery): Promise<string> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const book = await buildGradebook(await getDb(), offeringId, query);
  const assignments = book.groups.flatMap((g) => (g.kind === 'assignment' ? [g] : []));
  const header = [...GRADEBOOK_FIXED_COLUMNS, ...book.items.map(itemKey), ...assignments.map((a) => `assignment:${a.title}`)];
  const rows = book.rows.map((r) => [
    r.student.studentNumber,
    r.student.email,
    r.student.name,
    Math.round(r.points * 100) / 100,
    r.maxPoints,
    percent(r.total),
    status(r.student),
    ...book.items.map((i) => percent(r.cells[itemKey(i)]?.bestScore)),
    ...assignments.map((a) => percent(r.assignments[a.assignmentId]?.total)),
  ]);
  return toCsv(header, rows);
}

/** Every submission of every student, oldest first. */
export async function submissionsCsv(viewer: Viewer | null): Promise<string> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const students = (await listStudents(db, offeringId)).filter((s) => s.joined);
  const byId = new Map(students.map((s) => [s.id, s]));
  const scored = await loadScoredSubmissions(db, { userIds: students.map((s) => s.id), offeringId });
  const versions = new Map((await db.selectFrom('submission').select(['id', 'exercise_version']).where('offering_id', '=', offeringId).execute()).map((r) => [r.id, r.exercise_version]));
  const rows = scored.map((s) => {
    const st = byId.get(s.userId)!;
    return [
      s.id,
      st.studentNumber,
      st.email,
      st.name,
      'exercise',
      s.exerciseId,
      versions.get(s.id) ?? '',
      iso(s.createdAt),
      s.status,
      s.late,
      percent(s.originalScore),
      percent(s.regradeScore),
      percent(s.override?.score),
      percent(s.score),
      s.source,
      s.override?.reason ?? '',
    ];
  });
  return toCsv(SUBMISSION_COLUMNS, byTime([...rows.map((r, i) => [scored[i]!.createdAt, r] as const), ...(await quizAttemptRows(db, offeringIdOf(viewer), byId))]));
}

/** Rows keyed by their time, oldest first (a stable sort keeps each kind's own order). */
function byTime(rows: (readonly [number, CsvValue[]])[]): CsvValue[][] {
  return [...rows].sort((x, y) => x[0] - y[0]).map(([, row]) => row);
}

function offeringIdOf(viewer: Viewer | null): string {
  return requireStaffOffering(viewer, { read: true }).offeringId;
}

/**
 * Quiz attempts as rows of the submissions export (item_kind `quiz`), keyed by time so they
 * interleave with the exercises' rows: the attempt id, the quiz version that graded it, and the
 * counted score with where it came from (lib/db/quiz-scores.ts, as the gradebook counts it).
 */
async function quizAttemptRows(db: Kysely<Database>, offeringId: string, students: Map<string, StudentInfo>): Promise<(readonly [number, CsvValue[]])[]> {
  const attempts = await loadScoredQuizAttempts(db, { offeringId, userIds: [...students.keys()] });
  return attempts.map((a) => {
    const st = students.get(a.userId)!;
    return [
      a.createdAt,
      [
        a.id,
        st.studentNumber,
        st.email,
        st.name,
        'quiz',
        a.quizId,
        a.quizVersion,
        iso(a.createdAt),
        'graded',
        a.late,
        percent(a.originalScore),
        percent(a.regrade?.score),
        percent(a.override?.score),
        percent(a.score),
        a.source,
        a.override?.reason ?? '',
      ],
    ] as const;
  });
}
