import 'server-only';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Viewer } from '../auth/roles';
import { repoRoot } from '../content/loader';
import type { ExerciseReport, Problem } from '../content/validate';
import type { QuizReport } from '../quiz/validate';
import { requireInstructor } from './access';

/**
 * The authoring status page's data: the validation `npm run exercises:validate` does, run by the
 * same library functions (lib/content/validate.ts, lib/quiz/validate.ts) through their scripts'
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

function runScript(script: string): Promise<unknown> {
  const root = repoRoot();
  const tsx = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, script, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
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

function start(): AuthoringStatus {
  const status: AuthoringStatus = { state: 'running', startedAt: Date.now(), finishedAt: null, exercises: [], quizzes: [], loadErrors: [], error: null };
  (globalThis as Holder)[KEY] = status;
  void (async () => {
    try {
      const [ex, qz] = (await Promise.all([runScript('scripts/validate-exercises.ts'), runScript('scripts/validate-quizzes.ts')])) as [
        { reports: ExerciseReport[]; loadErrors: Problem[] },
        { reports: QuizReport[]; loadErrors: Problem[] },
      ];
      Object.assign(status, { exercises: ex.reports, quizzes: qz.reports, loadErrors: [...ex.loadErrors, ...qz.loadErrors], state: 'done', finishedAt: Date.now() });
    } catch (err) {
      Object.assign(status, { state: 'failed', error: (err as Error).message, finishedAt: Date.now() });
    }
  })();
  return status;
}

/** The latest report; starts a validation when there is none yet or `again` is asked. */
export function authoringStatus(viewer: Viewer | null, opts: { again?: boolean } = {}): AuthoringStatus {
  requireInstructor(viewer);
  const current = (globalThis as Holder)[KEY];
  if (current && (current.state === 'running' || !opts.again)) return current;
  return start();
}
