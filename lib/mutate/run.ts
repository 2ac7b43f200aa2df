import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Exercise } from '../content/loader';
import { repoRoot } from '../content/loader';
import type { GraderPool } from '../../grader/pool';
import { describeMutant, MUTATOR_VERSION, mutants, type Mutant } from './mutants';

/**
 * Mutation testing of one exercise: every mutant of `.meta/solution.ts` is graded by the real pool
 * (the site's path: grader/grade.ts, hidden checks included, mode "submit"). A mutant that scores
 * 100% survives. A survivor must be killed by a better check, or listed as equivalent in
 * `.meta/equivalent-mutants.yaml` with a reason:
 *
 *   - id: 3f2a9c01de        # the mutant id printed by `npm run exercises:mutate`
 *     reason: why no check can tell it from the solution
 *
 * The result is kept in `.meta/mutation-report.json` under a content hash of the solution, the
 * checks, the grading harness and this mutator, so CI re-runs only exercises whose hash changed.
 */

export const REPORT_FILE = '.meta/mutation-report.json';
export const EQUIVALENTS_FILE = '.meta/equivalent-mutants.yaml';

export interface Survivor {
  id: string;
  diff: string;
}
export interface MutationReport {
  hash: string;
  mutants: number;
  killed: number;
  /** Survivors listed as equivalent (with a reason) in the equivalents file. */
  equivalent: Survivor[];
  /** Survivors not listed: a check is missing. */
  survivors: Survivor[];
  /** killed / (mutants − equivalent), 1 when every non-equivalent mutant is killed. */
  score: number;
}

export interface Equivalent {
  id: string;
  reason: string;
}

/** Reads and checks the equivalents file; problems are worded for an author. */
export function readEquivalents(ex: Exercise): { list: Equivalent[]; problems: string[] } {
  const file = path.join(ex.dir, EQUIVALENTS_FILE);
  if (!existsSync(file)) return { list: [], problems: [] };
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { list: [], problems: [`${EQUIVALENTS_FILE}: not valid YAML: ${(err as Error).message}`] };
  }
  if (doc == null) return { list: [], problems: [] };
  if (!Array.isArray(doc)) return { list: [], problems: [`${EQUIVALENTS_FILE}: must be a list of { id, reason }`] };
  const list: Equivalent[] = [];
  for (const [i, e] of doc.entries()) {
    const keys = e && typeof e === 'object' ? Object.keys(e) : [];
    const extra = keys.filter((k) => k !== 'id' && k !== 'reason' && k !== 'diff');
    if (typeof e?.id === 'number') problems.push(`${EQUIVALENTS_FILE} entry ${i + 1}: quote the id ("${e.id}"), or YAML reads it as a number`);
    else if (typeof e?.id !== 'string' || !/^[0-9a-f]{10}(-\d+)?$/.test(e.id)) problems.push(`${EQUIVALENTS_FILE} entry ${i + 1}: "id" must be a mutant id as printed by exercises:mutate`);
    else if (typeof e.reason !== 'string' || e.reason.trim().length < 10) problems.push(`${EQUIVALENTS_FILE} entry ${i + 1} (${e.id}): give a "reason" (why no input can tell this mutant from the solution)`);
    else list.push({ id: e.id, reason: e.reason });
    if (extra.length) problems.push(`${EQUIVALENTS_FILE} entry ${i + 1}: unknown key(s) ${extra.join(', ')} (allowed: id, reason, diff)`);
  }
  return { list, problems };
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []))
    .sort();
}

/** Hash of everything that decides which mutants exist and how they are graded. */
export function mutationHash(ex: Exercise): string {
  const h = createHash('sha256');
  h.update(`mutator ${MUTATOR_VERSION}\n`);
  const root = repoRoot();
  const inputs = [
    ex.files.solution ?? '',
    ex.files.checks,
    path.join(root, 'lib/mutate/mutants.ts'),
    path.join(root, 'grader/grade.ts'),
    ...files(path.join(root, 'grader/harness')),
    ...files(path.join(root, 'grader/sandbox')),
    ...files(path.join(root, 'lib/autodiff')),
  ];
  for (const f of inputs) {
    h.update(path.relative(root, f));
    h.update('\0');
    h.update(existsSync(f) ? readFileSync(f) : '');
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** True when the mutant is killed (any verdict other than passed at 100%). */
export async function killed(pool: GraderPool, ex: Exercise, m: Mutant): Promise<boolean> {
  const r = await pool.grade({ exerciseId: ex.id, code: m.code, mode: 'submit', locale: 'en' });
  return !(r.status === 'passed' && r.score >= 1);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export function exerciseMutants(ex: Exercise): { source: string; list: Mutant[] } {
  const source = readFileSync(ex.files.solution!, 'utf8');
  return { source, list: mutants(source) };
}

/** Grades every mutant of the exercise's solution. */
export async function mutateExercise(pool: GraderPool, ex: Exercise, concurrency = 4): Promise<MutationReport> {
  const { source, list } = exerciseMutants(ex);
  const equivalents = new Set(readEquivalents(ex).list.map((e) => e.id));
  const verdicts = await mapLimit(list, concurrency, (m) => killed(pool, ex, m));
  const alive = list.filter((_, i) => !verdicts[i]).map((m) => ({ id: m.id, diff: describeMutant(m, source) }));
  const equivalent = alive.filter((s) => equivalents.has(s.id));
  const survivors = alive.filter((s) => !equivalents.has(s.id));
  const countable = list.length - equivalent.length;
  const killedCount = list.length - alive.length;
  return {
    hash: mutationHash(ex),
    mutants: list.length,
    killed: killedCount,
    equivalent,
    survivors,
    score: countable === 0 ? 1 : Math.round((killedCount / countable) * 10000) / 10000,
  };
}

/**
 * The report with its survivors split again by the current equivalents file (which is not part of
 * the content hash: listing an equivalent needs no re-run).
 */
export function reclassify(ex: Exercise, report: MutationReport): MutationReport {
  const listed = new Set(readEquivalents(ex).list.map((e) => e.id));
  const alive = [...report.equivalent, ...report.survivors].sort((a, b) => a.id.localeCompare(b.id));
  const equivalent = alive.filter((s) => listed.has(s.id));
  const countable = report.mutants - equivalent.length;
  return { ...report, equivalent, survivors: alive.filter((s) => !listed.has(s.id)), score: countable === 0 ? 1 : Math.round((report.killed / countable) * 10000) / 10000 };
}

/** Problems with a report against the current equivalents file (stale or unused entries, survivors). */
export function reportProblems(ex: Exercise, report: MutationReport): string[] {
  const { list, problems } = readEquivalents(ex);
  const out = [...problems];
  const ids = new Set(exerciseMutants(ex).list.map((m) => m.id));
  const alive = new Set([...report.equivalent, ...report.survivors].map((s) => s.id));
  for (const e of list) {
    if (!ids.has(e.id)) out.push(`${EQUIVALENTS_FILE}: ${e.id} is not a mutant of the current solution (remove it)`);
    else if (!alive.has(e.id)) out.push(`${EQUIVALENTS_FILE}: ${e.id} is killed by the checks, so it is not equivalent (remove it)`);
  }
  const listed = new Set(list.map((e) => e.id));
  for (const s of report.survivors) if (!listed.has(s.id)) out.push(`surviving mutant ${s.id}: add a check that kills it, or list it as equivalent with a reason\n    ${s.diff}`);
  return out;
}
