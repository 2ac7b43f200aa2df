import 'server-only';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Viewer } from '../auth/roles';
import { getCatalog, repoRoot } from '../content/loader';
import { getQuizCatalog } from '../quiz/loader';
import type { ExerciseReport, Problem } from '../authoring/validate';
import type { QuizReport } from '../quiz/validate';
import { requireInstructor } from './access';

/**
 * The authoring status page's data: the validation `npm run exercises:validate` does, run by the
 * same library functions (lib/authoring/validate.ts, lib/quiz/validate.ts) through their scripts'
 * `--json` mode. A separate process, because validation imports every checks.ts (authoring code)
 * and runs its own sandbox pool; the web server only reads the report. One run at a time; the last
 * report stays in memory until an instructor asks again.
 */

export interface AuthoringStatus {
  state: 'running' | 'done' | 'failed';
  startedAt: number;
  finishedAt: number | null;
  exercises: ExerciseReport[];
  quizzes: QuizReport[];
  loadErrors: Problem[];
  error: string | null;
}

const KEY = Symbol.for('deltalab.authoringStatus');
type Holder = { [KEY]?: AuthoringStatus };

function runScript(script: string, ids: string[] = []): Promise<unknown> {
  const root = repoRoot();
  const tsx = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, script, ...ids, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
    child.once('error', reject);
    child.once('exit', () => {
      // Exit 1 only means problems were found; the report is the last line either way.
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${script} gave no report: ${err.trim().split('\n').slice(-3).join(' ')}`));
      }
    });
  });
}

/**
 * Verdicts by item, with the version (content hash) they hold for: a visit re-validates only items
 * whose content changed since (or that were never validated), and a per-item "validate" runs one.
 */
const CACHE = Symbol.for('deltalab.authoringCache');
type Cached = { version: string } & ({ kind: 'exercise'; report: ExerciseReport } | { kind: 'quiz'; report: QuizReport });
type CacheHolder = { [CACHE]?: Map<string, Cached> };
function verdicts(): Map<string, Cached> {
  const g = globalThis as CacheHolder;
  return (g[CACHE] ??= new Map());
}

function currentItems(): { id: string; version: string }[] {
  return [...getCatalog().all.map((e) => ({ id: e.id, version: e.version })), ...getQuizCatalog().all.map((q) => ({ id: q.id, version: q.version }))];
}

/** Items without a verdict for their current content. */
function staleItems(): string[] {
  const cache = verdicts();
  return currentItems()
    .filter((i) => cache.get(i.id)?.version !== i.version)
    .map((i) => i.id);
}

function start(ids: string[] | 'all', previous?: AuthoringStatus): AuthoringStatus {
  const status: AuthoringStatus = { state: 'running', startedAt: Date.now(), finishedAt: null, exercises: previous?.exercises ?? [], quizzes: previous?.quizzes ?? [], loadErrors: previous?.loadErrors ?? [], error: null };
  (globalThis as Holder)[KEY] = status;
  const args = ids === 'all' ? [] : ids;
  void (async () => {
    try {
      const [ex, qz] = (await Promise.all([runScript('scripts/validate-exercises.ts', args), runScript('scripts/validate-quizzes.ts', args)])) as [
        { reports: ExerciseReport[]; loadErrors: Problem[] },
        { reports: QuizReport[]; loadErrors: Problem[] },
      ];
      const cache = verdicts();
      for (const r of ex.reports) cache.set(r.id, { kind: 'exercise', version: r.version, report: r });
      for (const r of qz.reports) cache.set(r.id, { kind: 'quiz', version: r.version, report: r });
      // Items that were removed drop out; those just reported stay (the quiz script reads the repository's folder).
      const live = new Set([...currentItems().map((i) => i.id), ...ex.reports.map((r) => r.id), ...qz.reports.map((r) => r.id)]);
      const all = [...cache.entries()].filter(([id]) => live.has(id)).map(([, c]) => c);
      Object.assign(status, {
        exercises: all.flatMap((c) => (c.kind === 'exercise' ? [c.report] : [])),
        quizzes: all.flatMap((c) => (c.kind === 'quiz' ? [c.report] : [])),
        // Runs that name items do not look at the other folders: keep the last full run's load errors.
        loadErrors: ids === 'all' || !previous ? [...ex.loadErrors, ...qz.loadErrors] : previous.loadErrors,
        state: 'done',
        finishedAt: Date.now(),
      });
    } catch (err) {
      Object.assign(status, { state: 'failed', error: (err as Error).message, finishedAt: Date.now() });
    }
  })();
  return status;
}

/**
 * The latest report. A visit validates only what changed since the last verdicts (cache by content
 * hash); `again` re-validates everything; `item` validates that one exercise or quiz.
 */
export function authoringStatus(viewer: Viewer | null, opts: { again?: boolean; item?: string } = {}): AuthoringStatus {
  requireInstructor(viewer);
  const current = (globalThis as Holder)[KEY];
  if (current?.state === 'running') return current;
  if (!current || opts.again) return start('all', current);
  if (opts.item && currentItems().some((i) => i.id === opts.item)) return start([opts.item], current);
  const stale = staleItems();
  if (stale.length > 0) return start(stale, current);
  return current;
}
