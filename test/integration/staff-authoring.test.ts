import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { startSite, useTempSiteEnv } from './site-helpers';
import { accountWithRole, sigmoidMistake, sigmoidSolution, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * The instructors' tools: the authoring status page's validation (the same library functions as
 * `exercises:validate`, run in a script process), the preview of solution and mistakes, and
 * grading pasted code without recording it. The exercise folder here is a copy of sigmoid-prime
 * with one catalogued mistake replaced by a correct answer, next to a folder with a misspelt key.
 */

const env = useTempSiteEnv();
// checks.ts imports the harness by a relative path, so the copy sits at the same depth as exercises/.
const root = mkdtempSync(path.join(process.cwd(), '.authoring-test-'));
let pool: GraderPool;
let instructor: string;

beforeAll(async () => {
  // mkdtemp makes the folder private; the grader's children run unprivileged and read it.
  chmodSync(root, 0o755);
  const section = path.join(root, '4.1-neurons');
  mkdirSync(section, { recursive: true });
  cpSync('exercises/4.1-neurons/sigmoid-prime', path.join(section, 'sigmoid-prime'), { recursive: true });
  // A "mistake" whose patch only rewords the solution's first comment: it scores 100%.
  const reworded = sigmoidSolution.replace(/^\/\/ .*/, '// Reworded, nothing else.');
  writeFileSync(path.join(section, 'sigmoid-prime/.meta/mistakes/returns-sigma.patch'), `Not a mistake at all.\n\n${createTwoFilesPatch('solution.ts', 'returns-sigma.ts', sigmoidSolution, reworded)}`);
  mkdirSync(path.join(section, 'broken'));
  const md = readFileSync('exercises/4.1-neurons/sigmoid-prime/exercise.md', 'utf8').replace('id: sigmoid-prime', 'id: broken').replace('points: 10', 'pointz: 10');
  writeFileSync(path.join(section, 'broken/exercise.md'), md);
  writeFileSync(path.join(section, 'broken/starter.ts'), 'export {};\n');
  writeFileSync(path.join(section, 'broken/checks.ts'), 'export default {};\n');
  process.env.DELTALAB_EXERCISES_DIR = root;
  pool = createPool({ size: 1 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  instructor = await accountWithRole('prof@example.com', 'instructor');
  await pool.ready();
}, 120_000);

afterAll(async () => {
  delete process.env.DELTALAB_EXERCISES_DIR;
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  rmSync(root, { recursive: true, force: true });
  env.cleanup();
});

describe('authoring status', () => {
  it('reports every exercise and quiz with its problems, by file and line', async () => {
    const { authoringStatus } = await import('../../lib/staff/authoring');
    const viewer = await viewerOf(instructor);
    let status = authoringStatus(viewer);
    expect(status.state).toBe('running');
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      status = authoringStatus(viewer);
    }
    expect(status.error).toBeNull();
    expect(status.state).toBe('done');
    const rel = path.relative(process.cwd(), root);
    expect(status.loadErrors).toContainEqual(expect.objectContaining({ file: `${rel}/4.1-neurons/broken/exercise.md`, line: expect.any(Number), message: expect.stringContaining('pointz') }));
    const sigmoid = status.exercises.find((e) => e.id === 'sigmoid-prime')!;
    expect(sigmoid.problems).toEqual([{ file: `${rel}/4.1-neurons/sigmoid-prime/.meta/mistakes/returns-sigma.patch`, line: 1, message: expect.stringContaining('scores 100%') }]);
    // Quizzes come from the same run (the real ones: all valid).
    expect(status.quizzes.length).toBeGreaterThan(0);
    expect(status.quizzes.every((q) => q.problems.length === 0)).toBe(true);
  }, 120_000);
});

describe('preview and trying code', () => {
  it('runs every check on the solution and each mistake and says whether the hint fires', async () => {
    const { previewExercise } = await import('../../lib/staff/preview');
    const preview = await previewExercise(await viewerOf(instructor), 'sigmoid-prime', 'en');
    expect(preview.solution).toMatchObject({ status: 'passed', score: 1 });
    expect(preview.solution!.checks.some((c) => c.visibility === 'hidden')).toBe(true);
    const fires = Object.fromEntries(preview.mistakes.map((m) => [m.id, m.fires]));
    expect(fires).toEqual({ overflow: true, 'returns-sigma': false, 'sigma-squared': true });
    // What each mistake changes is shown as its diff against the solution, with the author's words.
    const squared = preview.mistakes.find((m) => m.id === 'sigma-squared')!;
    expect(squared.description).toMatch(/σ\(x\)·σ\(x\)/);
    expect(squared.diff).toMatch(/^--- solution\.ts\n\+\+\+ sigma-squared\.ts\n@@/);
  });

  it('grades pasted code with every check and records nothing', async () => {
    const { tryCode } = await import('../../lib/staff/preview');
    const result = await tryCode(await viewerOf(instructor), { exerciseId: 'sigmoid-prime', code: sigmoidMistake('sigma-squared') }, 'en');
    expect(result.mode).toBe('submit');
    expect(result.checks.some((c) => c.mistake?.id === 'sigma-squared')).toBe(true);
    const { getDb } = await import('../../lib/db');
    expect(await (await getDb()).selectFrom('submission').select('id').execute()).toEqual([]);
    await expect(tryCode(await viewerOf(instructor), { exerciseId: 'nope', code: '' }, 'en')).rejects.toMatchObject({ status: 404 });
  });
});
