import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { GradingResult } from '../../grader/results';
import type { Localized } from '../i18n/message';
import type { Viewer } from '../auth/roles';
import { SECTION_IDS } from '../content/sections';
import { getDb } from '../db';
import type { Database } from '../db/schema';
import { itemOverridesInForce } from '../db/item-overrides';
import { parseInput, requireStaff, requireStaffOffering } from './access';
import { itemSources, type GradebookItem, type ItemProgress, type ItemSource } from './items';
import { loadScoredSubmissions } from './scores';
import { listStudents, type StudentInfo } from './students';

export const GradebookQuery = z.object({
  section: z.enum(SECTION_IDS).optional(),
  student: z.string().trim().max(200).optional(),
  unfinished: z.boolean().default(false),
  countLate: z.boolean().default(true),
  sort: z.enum(['name', 'email', 'total', 'total-desc', 'last']).default('name'),
});
export type GradebookQuery = z.infer<typeof GradebookQuery>;

export interface GradebookRow {
  student: StudentInfo;
  cells: Record<string, ItemProgress | undefined>;
  points: number;
  maxPoints: number;
  /** points / maxPoints, in [0, 1]. */
  total: number;
  lastAt: number | null;
}

export interface Gradebook {
  items: GradebookItem[];
  rows: GradebookRow[];
  query: GradebookQuery;
}

/** The key of an item in `cells`: kind and id, since a quiz and an exercise could share an id. */
export function itemKey(item: Pick<GradebookItem, 'kind' | 'id'>): string {
  return `${item.kind}:${item.id}`;
}

/**
 * Students × items: best counted score, attempts and last submission per cell, and each student's
 * total weighted by the items' points. Filters: a section, a student (name, email or number), and
 * "unfinished" (students with an item below 100%).
 */
export async function buildGradebook(db: Kysely<Database>, query: GradebookQuery, sources: ItemSource[] = itemSources(), offeringId?: string): Promise<Gradebook> {
  let items = sources.flatMap((s) => s.items());
  if (query.section) items = items.filter((i) => i.section === query.section);
  let students = await listStudents(db);
  const needle = query.student?.toLowerCase();
  if (needle) students = students.filter((s) => [s.name, s.email, s.studentNumber].some((f) => f.toLowerCase().includes(needle)));
  const ids = students.map((s) => s.id);
  const progress = (await Promise.all(sources.map(async (s) => ({ kind: s.kind, rows: await s.progress(db, ids, { countLate: query.countLate }) })))).flatMap((p) =>
    p.rows.map((r) => ({ key: itemKey({ kind: p.kind, id: r.itemId }), row: r })),
  );
  const byStudent = new Map<string, Record<string, ItemProgress>>();
  for (const { key, row } of progress) {
    const cells = byStudent.get(row.userId) ?? {};
    cells[key] = row;
    byStudent.set(row.userId, cells);
  }
  // A score staff set for the whole item replaces the best submission's, with or without one.
  if (offeringId) {
    for (const o of (await itemOverridesInForce(db, offeringId, ids)).values()) {
      const cells = byStudent.get(o.userId) ?? {};
      const key = itemKey({ kind: o.kind, id: o.itemId });
      const cell = cells[key] ?? { userId: o.userId, itemId: o.itemId, bestScore: null, attempts: 0, lastAt: null, lateAttempts: 0 };
      cells[key] = { ...cell, bestScore: o.score, override: { score: o.score, reason: o.reason, by: o.by, at: o.at } };
      byStudent.set(o.userId, cells);
    }
  }
  const maxPoints = items.reduce((s, i) => s + i.points, 0);
  let rows: GradebookRow[] = students.map((student) => {
    const cells = byStudent.get(student.id) ?? {};
    const points = items.reduce((s, i) => s + (cells[itemKey(i)]?.bestScore ?? 0) * i.points, 0);
    const lastAt = items.reduce<number | null>((m, i) => {
      const at = cells[itemKey(i)]?.lastAt ?? null;
      return at !== null && (m === null || at > m) ? at : m;
    }, null);
    return { student, cells, points: round(points), maxPoints, total: maxPoints > 0 ? points / maxPoints : 0, lastAt };
  });
  if (query.unfinished) rows = rows.filter((r) => items.some((i) => (r.cells[itemKey(i)]?.bestScore ?? 0) < 1));
  const sorters: Record<GradebookQuery['sort'], (a: GradebookRow, b: GradebookRow) => number> = {
    name: (a, b) => a.student.name.localeCompare(b.student.name),
    email: (a, b) => a.student.email.localeCompare(b.student.email),
    total: (a, b) => a.total - b.total,
    'total-desc': (a, b) => b.total - a.total,
    last: (a, b) => (b.lastAt ?? 0) - (a.lastAt ?? 0),
  };
  rows.sort((a, b) => sorters[query.sort](a, b) || a.student.email.localeCompare(b.student.email));
  return { items, rows, query };
}

export async function getGradebook(viewer: Viewer | null, input: unknown): Promise<Gradebook> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  return buildGradebook(await getDb(), parseInput(GradebookQuery, input), itemSources(), offeringId);
}

export interface ExerciseStats {
  exerciseId: string;
  students: number;
  /** Mean over students who submitted of their best counted score. */
  meanBest: number | null;
  passed: number;
  /** Mean number of attempts up to and including the first one scoring 100%, over those who got there. */
  attemptsToPass: number | null;
  /** `titleI18n`: the title in both languages, when the stored result has it (render with lib/i18n/message.ts). */
  failedCheck: { name: string; title: string; titleI18n?: Localized; count: number } | null;
  mistake: { id: string; count: number } | null;
}

/**
 * Per-exercise statistics from the stored results: what students saw (result_json) decides which
 * check failed and which catalogued mistake matched; the counted scores decide the means.
 */
export async function exerciseStats(viewer: Viewer | null, exerciseId: string, opts: { countLate: boolean }): Promise<ExerciseStats> {
  requireStaff(viewer);
  const [stats] = await computeStats(await getDb(), [exerciseId], opts);
  return stats!;
}

/** Statistics of every listed exercise, from two queries (scores, and the failing results). */
export async function courseStats(viewer: Viewer | null, exerciseIds: string[], opts: { countLate: boolean }): Promise<ExerciseStats[]> {
  requireStaff(viewer);
  return computeStats(await getDb(), exerciseIds, opts);
}

async function computeStats(db: Kysely<Database>, exerciseIds: string[], opts: { countLate: boolean }): Promise<ExerciseStats[]> {
  const students = await listStudents(db);
  const ids = students.map((s) => s.id);
  const wanted = new Set(exerciseIds);
  const one = exerciseIds.length === 1 ? exerciseIds[0] : undefined;
  const perStudent = new Map<string, Map<string, { best: number | null; attempts: number; passedAt: number | null }>>();
  for (const s of await loadScoredSubmissions(db, { userIds: ids, exerciseId: one })) {
    if (!wanted.has(s.exerciseId)) continue;
    const byStudent = perStudent.get(s.exerciseId) ?? new Map();
    perStudent.set(s.exerciseId, byStudent);
    const p = byStudent.get(s.userId) ?? { best: null, attempts: 0, passedAt: null };
    p.attempts++;
    const counts = opts.countLate || !s.late;
    if (s.score !== null && counts) p.best = Math.max(p.best ?? 0, s.score);
    if (p.passedAt === null && counts && s.score !== null && s.score >= 1) p.passedAt = p.attempts;
    byStudent.set(s.userId, p);
  }

  // What students saw: only results with a failing check can name one, so passed ones are skipped.
  let q = db.selectFrom('submission').select(['exercise_id', 'user_id', 'result_json']).where('result_json', 'is not', null).where('status', '!=', 'passed');
  if (one) q = q.where('exercise_id', '=', one);
  const studentIds = new Set(ids);
  const failed = new Map<string, Map<string, { name: string; title: string; titleI18n?: Localized; count: number }>>();
  const mistakes = new Map<string, Map<string, number>>();
  for (const r of await q.execute()) {
    if (!wanted.has(r.exercise_id) || !studentIds.has(r.user_id)) continue;
    let result: GradingResult;
    try {
      result = JSON.parse(r.result_json!) as GradingResult;
    } catch {
      continue;
    }
    const f = failed.get(r.exercise_id) ?? new Map();
    failed.set(r.exercise_id, f);
    const m = mistakes.get(r.exercise_id) ?? new Map();
    mistakes.set(r.exercise_id, m);
    // Both count submissions: a mistake several checks name counts once per submission.
    const matched = new Set<string>();
    for (const c of result.checks ?? []) {
      if (c.passed) continue;
      const entry = f.get(c.name) ?? { name: c.name, title: c.title, ...(c.titleI18n && { titleI18n: c.titleI18n }), count: 0 };
      entry.count++;
      f.set(c.name, entry);
      if (c.mistake) matched.add(c.mistake.id);
    }
    for (const id of matched) m.set(id, (m.get(id) ?? 0) + 1);
  }

  return exerciseIds.map((exerciseId) => {
    const values = [...(perStudent.get(exerciseId)?.values() ?? [])];
    const bests = values.map((p) => p.best).filter((b): b is number => b !== null);
    const passes = values.map((p) => p.passedAt).filter((n): n is number => n !== null);
    const topFailed = [...(failed.get(exerciseId)?.values() ?? [])].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))[0] ?? null;
    const topMistake = [...(mistakes.get(exerciseId) ?? [])].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    return {
      exerciseId,
      students: values.length,
      meanBest: bests.length > 0 ? bests.reduce((s, b) => s + b, 0) / bests.length : null,
      passed: passes.length,
      attemptsToPass: passes.length > 0 ? passes.reduce((s, n) => s + n, 0) / passes.length : null,
      failedCheck: topFailed,
      mistake: topMistake ? { id: topMistake[0], count: topMistake[1] } : null,
    };
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
