import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../grader/pool';
import { getCatalog } from '../../lib/content/loader';

/**
 * Exercise changes reach the site without a rebuild: under `next dev` (NODE_ENV=development) the
 * loader re-reads the folders on every request and the grader's children re-import a changed
 * checks.ts (its version is in the import URL); in production the catalogue is read once per
 * process, so a restart picks changes up. exercises/README.md documents this.
 */

const root = mkdtempSync(path.join(process.cwd(), '.reload-test-'));
const dir = path.join(root, '4.1-neurons', 'sigmoid-prime');
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
const savedEnv = process.env.NODE_ENV;
// Next's types make NODE_ENV read-only; the loader reads it at run time, so the test sets it.
const env = process.env as Record<string, string | undefined>;

beforeAll(() => {
  // mkdtemp makes the folder private; the grader's children run unprivileged and read it.
  chmodSync(root, 0o755);
  mkdirSync(path.dirname(dir), { recursive: true });
  cpSync('exercises/4.1-neurons/sigmoid-prime', dir, { recursive: true });
  process.env.DELTALAB_EXERCISES_DIR = root;
});

afterAll(() => {
  env.NODE_ENV = savedEnv;
  delete process.env.DELTALAB_EXERCISES_DIR;
  rmSync(root, { recursive: true, force: true });
});

function edit(file: string, from: string, to: string) {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  expect(text).toContain(from);
  writeFileSync(p, text.replace(from, to));
}

describe('exercise changes', () => {
  it('in development: the next request sees the edited statement and the grader the edited checks', async () => {
    env.NODE_ENV = 'development';
    const pool = createPool({ size: 1 });
    try {
      const before = getCatalog().byId.get('sigmoid-prime')!;
      const graded = await pool.grade({ exerciseId: 'sigmoid-prime', code: solution, mode: 'submit' });
      expect(graded.version).toBe(before.version);
      expect(graded.maxPoints).toBe(10);

      edit('exercise.md', 'title: "The derivative of the logistic function"', 'title: "σ′, edited"');
      edit('checks.ts', 'points: 2,', 'points: 5,');
      const after = getCatalog().byId.get('sigmoid-prime')!;
      expect(after.title).toBe('σ′, edited');
      expect(after.version).not.toBe(before.version);
      // The same warm child, no restart: the new checks and the new version. The exercise is still
      // worth its front matter's 10 points; the edited check's share of them grew from 2/10 to 5/13.
      const regraded = await pool.grade({ exerciseId: 'sigmoid-prime', code: solution, mode: 'submit' });
      expect(regraded.maxPoints).toBe(10);
      expect(graded.checks.map((c) => c.maxPoints)).toContain(2);
      expect(regraded.checks.map((c) => c.maxPoints)).toContain(Math.round((5 / 13) * 10 * 100) / 100);
      expect(regraded.version).toBe(after.version);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('in production: picked up without a restart (issue 14: the folder is looked at once a second), and on restart', async () => {
    env.NODE_ENV = 'production';
    const loaded = getCatalog({ fresh: true }).byId.get('sigmoid-prime')!;
    edit('exercise.md', 'title: "σ′, edited"', 'title: "σ′, edited again"');
    let seen = getCatalog().byId.get('sigmoid-prime')!;
    for (const stop = Date.now() + 10_000; seen.version === loaded.version && Date.now() < stop; ) {
      await new Promise((r) => setTimeout(r, 200));
      seen = getCatalog().byId.get('sigmoid-prime')!;
    }
    expect(seen.title).toBe('σ′, edited again');
    expect(seen.version).not.toBe(loaded.version);
    // A restart reads the folders again (a fresh process does what `fresh` does here).
    const restarted = getCatalog({ fresh: true }).byId.get('sigmoid-prime')!;
    expect(restarted.title).toBe('σ′, edited again');
    expect(restarted.version).not.toBe(loaded.version);
  });
});
