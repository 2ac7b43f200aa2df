import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { getPrepared } from '../../grader/harness/prepare';
import { getCatalog } from '../../lib/content/loader';
import { readMistakeSource } from '../../lib/content/mistakes';

vi.mock('server-only', () => ({}));

/**
 * The exercise page and the feedback agree on the points. The page shows the front matter's
 * `points`; the grader used to report the sum of the checks' points (relu-subgradient: page "10
 * points", feedback "… / 11 points"). Now the front matter is the one authority and the checks'
 * points are shares of it: graded through the real pool, full marks are the page's points, and the
 * checks' maxima add up to them.
 */

let pool: GraderPool;

beforeAll(async () => {
  pool = createPool({ size: 1 });
  await pool.ready();
}, 60_000);

afterAll(async () => {
  await pool.close();
});

/** Exercises whose checks' points do not add up to the front matter's: where the two disagreed. */
async function disagreeing(): Promise<string[]> {
  const out: string[] = [];
  for (const e of getCatalog().exercises) {
    const weights = (await getPrepared(e)).checks.reduce((s, c) => s + c.points, 0);
    if (weights !== e.points) out.push(e.id);
  }
  return out;
}

describe('one authority for an exercise’s points', () => {
  it('grades in the page’s points, even where the checks’ points add up to something else', async () => {
    const { getExerciseView } = await import('../../lib/site/exercises');
    const ids = await disagreeing();
    // relu-subgradient (10 vs 11) and hard-activations (10 vs 15) are among them today.
    expect(ids).toEqual(expect.arrayContaining(['relu-subgradient', 'hard-activations']));
    for (const id of ['relu-subgradient', 'hard-activations', 'gelu']) {
      const exercise = getCatalog().byId.get(id)!;
      const shown = getExerciseView(id, 'en')!.points;
      const solutionPath = exercise.files.solution!;
      const solution = readFileSync(solutionPath, 'utf8');
      const full = await pool.grade({ exerciseId: id, code: solution, mode: 'submit' });
      expect([full.status, full.points, full.maxPoints]).toEqual(['passed', shown, shown]);
      const shares = full.checks.reduce((s, c) => s + c.maxPoints, 0);
      expect(Math.abs(shares - shown)).toBeLessThan(0.05);

      const mistake = exercise.files.mistakes[0];
      const wrongSource = mistake ? readMistakeSource(solutionPath, mistake.path) : readFileSync(path.join(exercise.dir, 'starter.ts'), 'utf8');
      const wrong = await pool.grade({ exerciseId: id, code: wrongSource, mode: 'submit' });
      expect(wrong.maxPoints).toBe(shown);
      expect(wrong.points).toBeCloseTo(wrong.score * shown, 1);
      expect(wrong.points).toBeLessThan(shown);
    }
  }, 120_000);
});
