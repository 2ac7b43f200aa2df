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
import { loadOfferingWindows } from '../db/windows';
import { parseInput, requireStaffOffering } from './access';
import { countedItems } from './assignments';
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
  /** Per assignment (keyed by its id): the student's points in its items, of its points. */
  assignments: Record<string, AssignmentSubtotal>;
}

export interface AssignmentSubtotal {
  points: number;
  maxPoints: number;
  /** points / maxPoints, in [0, 1]. */
  total: number;
}

/**
 * A run of adjacent gradebook columns under one header: an assignment's items (with a subtotal
 * column), or items in no assignment, grouped by their catalogue section so 38+ columns stay
 * findable when an offering has no assignments yet.
 */
export type GradebookGroup = { kind: 'assignment'; assignmentId: string; title: string; items: GradebookItem[] } | { kind: 'section'; section: string; items: GradebookItem[] };

export interface Gradebook {
  items: GradebookItem[];
  /** The items again, grouped, in the page's column order: `groups.flatMap((g) => g.items)`. */
  groups: GradebookGroup[];
  rows: GradebookRow[];
  query: GradebookQuery;
}

/** The key of an item in `cells`: kind and id, since a quiz and an exercise could share an id. */
/**
 * Groups the counted items for the columns: assignments in their order (countedItems already
 * lists an assignment's items together), then the items in none by section, in catalogue order.
 */
export function gradebookGroups(items: GradebookItem[]): GradebookGroup[] {
  const groups: GradebookGroup[] = [];
  const byAssignment = new Map<string, GradebookItem[]>();
  const bySection = new Map<string, GradebookItem[]>();
  for (const item of items) {
    if (item.assignmentId) {
      let list = byAssignment.get(item.assignmentId);
      if (!list) {
        list = [];
        byAssignment.set(item.assignmentId, list);
        groups.push({ kind: 'assignment', assignmentId: item.assignmentId, title: item.assignmentTitle ?? '', items: list });
      }
      list.push(item);
    } else {
      const list = bySection.get(item.section) ?? [];
      bySection.set(item.section, list);
      list.push(item);
    }
  }
  const order = new Map<string, number>(SECTION_IDS.map((id, n) => [id, n]));
  const sections = [...bySection.keys()].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  for (const section of sections) groups.push({ kind: 'section', section, items: bySection.get(section)! });
  return groups;
}

export function itemKey(item: Pick<GradebookItem, 'kind' | 'id'>): string {
  return `${item.kind}:${item.id}`;
}

/**
 * Students × items of one offering: best counted score, attempts and last submission per cell, and
 * each student's total weighted by the points the offering gives the items (its assignments, else
 * the catalogue's). Filters: a section, a student (name, email or number), and "unfinished"
 * (students with an item below 100%).
 */
export async function buildGradebook(db: Kysely<Database>, offeringId: string, query: GradebookQuery, sources: ItemSource[] = itemSources()): Promise<Gradebook> {
  const catalogue = new Map(sources.flatMap((s) => s.items()).map((i) => [itemKey(i), i]));
  let items: GradebookItem[] = (await countedItems(db, offeringId, sources)).map((c) => ({ ...catalogue.get(itemKey(c))!, points: c.points, assignmentId: c.assignmentId, assignmentTitle: c.assignmentTitle }));
  if (query.section) items = items.filter((i) => i.section === query.section);
  let students = await listStudents(db, offeringId);
  const needle = query.student?.toLowerCase();
  if (needle) students = students.filter((s) => [s.name, s.email, s.studentNumber].some((f) => f.toLowerCase().includes(needle)));
  // Students who never joined have no account, so nothing to look up: their cells stay empty.
  const ids = students.filter((s) => s.joined).map((s) => s.id);
  const progress = (await Promise.all(sources.map(async (s) => ({ kind: s.kind, rows: await s.progress(db, ids, { countLate: query.countLate, offeringId }) })))).flatMap((p) =>
    p.rows.map((r) => ({ key: itemKey({ kind: p.kind, id: r.itemId }), row: r })),
  );
  const byStudent = new Map<string, Record<string, ItemProgress>>();
  for (const { key, row } of progress) {
    const cells = byStudent.get(row.userId) ?? {};
    cells[key] = row;
    byStudent.set(row.userId, cells);
  }
  // The offering's rules per cell (last attempt counts, extensions), then a score staff set for
  // the whole item, which replaces the best submission's, with or without one.
  applyItemRules(byStudent, await loadOfferingWindows(db, offeringId), students, items);
  for (const o of (await itemOverridesInForce(db, offeringId, ids)).values()) {
    const cells = byStudent.get(o.userId) ?? {};
    const key = itemKey({ kind: o.kind, id: o.itemId });
    const cell = cells[key] ?? { userId: o.userId, itemId: o.itemId, bestScore: null, lastScore: null, attempts: 0, lastAt: null, lateAttempts: 0 };
    cells[key] = { ...cell, bestScore: o.score, override: { score: o.score, reason: o.reason, by: o.by, at: o.at } };
    byStudent.set(o.userId, cells);
  }
  // `items` keeps countedItems' order (the CSV's columns); the page shows the groups' order.
  const groups = gradebookGroups(items);
  const maxPoints = items.reduce((s, i) => s + i.points, 0);
  let rows: GradebookRow[] = students.map((student) => {
    const cells = byStudent.get(student.id) ?? {};
    const points = items.reduce((s, i) => s + (cells[itemKey(i)]?.bestScore ?? 0) * i.points, 0);
    const lastAt = items.reduce<number | null>((m, i) => {
      const at = cells[itemKey(i)]?.lastAt ?? null;
      return at !== null && (m === null || at > m) ? at : m;
    }, null);
    const assignments: Record<string, AssignmentSubtotal> = {};
    for (const group of groups) {
      if (group.kind !== 'assignment') continue;
      const max = group.items.reduce((s, i) => s + i.points, 0);
      const got = group.items.reduce((s, i) => s + (cells[itemKey(i)]?.bestScore ?? 0) * i.points, 0);
      assignments[group.assignmentId] = { points: round(got), maxPoints: max, total: max > 0 ? got / max : 0 };
    }
    return { student, cells, points: round(points), maxPoints, total: maxPoints > 0 ? points / maxPoints : 0, lastAt, assignments };
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
  return { items, groups, rows, query };
}

export async function getGradebook(viewer: Viewer | null, input: unknown): Promise<Gradebook> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  return buildGradebook(await getDb(), offeringId, parseInput(GradebookQuery, input));
}

/**
 * The offering's rules per cell (lib/db/windows.ts): where the last attempt counts, the cell
 * counts it; a student's extension marks the cell, attempted or not.
 */
function applyItemRules(byStudent: Map<string, Record<string, ItemProgress>>, rules: Awaited<ReturnType<typeof loadOfferingWindows>>, students: StudentInfo[], items: GradebookItem[]): void {
  for (const student of students) {
    const cells = byStudent.get(student.id) ?? {};
    for (const item of items) {
      const window = rules.windowFor(student.id, { kind: item.kind, id: item.id, section: item.section });
      const key = itemKey(item);
      let cell = cells[key];
      if (cell && window.counts === 'last') cell = { ...cell, bestScore: cell.lastScore };
      if (window.extension) cell = { ...(cell ?? { userId: student.id, itemId: item.id, bestScore: null, lastScore: null, attempts: 0, lastAt: null, lateAttempts: 0 }), extended: true };
      if (cell) cells[key] = cell;
    }
    byStudent.set(student.id, cells);
  }
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
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const [stats] = await computeStats(await getDb(), offeringId, [exerciseId], opts);
  return stats!;
}

/** Statistics of every listed exercise, from two queries (scores, and the failing results). */
export async function courseStats(viewer: Viewer | null, exerciseIds: string[], opts: { countLate: boolean }): Promise<ExerciseStats[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  return computeStats(await getDb(), offeringId, exerciseIds, opts);
}

async function computeStats(db: Kysely<Database>, offeringId: string, exerciseIds: string[], opts: { countLate: boolean }): Promise<ExerciseStats[]> {
  const students = (await listStudents(db, offeringId)).filter((s) => s.joined);
  const ids = students.map((s) => s.id);
  const wanted = new Set(exerciseIds);
  const one = exerciseIds.length === 1 ? exerciseIds[0] : undefined;
  const perStudent = new Map<string, Map<string, { best: number | null; attempts: number; passedAt: number | null }>>();
  for (const s of await loadScoredSubmissions(db, { userIds: ids, exerciseId: one, offeringId })) {
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
  let q = db.selectFrom('submission').select(['exercise_id', 'user_id', 'result_json']).where('offering_id', '=', offeringId).where('result_json', 'is not', null).where('status', '!=', 'passed');
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
