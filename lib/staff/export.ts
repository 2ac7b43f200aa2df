import 'server-only';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { requireStaff, requireStaffOffering } from './access';
import { toCsv, type CsvValue } from './csv';
import { buildGradebook, itemKey, type GradebookQuery } from './gradebook';
import { itemSources } from './items';
import { loadScoredSubmissions } from './scores';
import { listStudents } from './students';

/**
 * The two exports. Column names are stable: an LMS import is set up once and must keep working
 * (README.md, "Course staff", documents them). Scores are percentages 0–100 rounded to two
 * decimals; times are ISO 8601 in UTC.
 */

export const GRADEBOOK_FIXED_COLUMNS = ['student_id', 'email', 'name', 'total_points', 'max_points', 'total_percent'] as const;
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

/** One row per student; one column per item named `<kind>:<id>` (its best counted percentage). */
export async function gradebookCsv(viewer: Viewer | null, query: GradebookQuery): Promise<string> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const book = await buildGradebook(await getDb(), query, itemSources(), offeringId);
  const header = [...GRADEBOOK_FIXED_COLUMNS, ...book.items.map(itemKey)];
  const rows = book.rows.map((r) => [
    r.student.studentNumber,
    r.student.email,
    r.student.name,
    Math.round(r.points * 100) / 100,
    r.maxPoints,
    percent(r.total),
    ...book.items.map((i) => percent(r.cells[itemKey(i)]?.bestScore)),
  ]);
  return toCsv(header, rows);
}

/** Every submission of every student, oldest first. */
export async function submissionsCsv(viewer: Viewer | null): Promise<string> {
  requireStaff(viewer);
  const db = await getDb();
  const students = await listStudents(db);
  const byId = new Map(students.map((s) => [s.id, s]));
  const scored = await loadScoredSubmissions(db, { userIds: students.map((s) => s.id) });
  const versions = new Map((await db.selectFrom('submission').select(['id', 'exercise_version']).execute()).map((r) => [r.id, r.exercise_version]));
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
  return toCsv(SUBMISSION_COLUMNS, rows);
}
