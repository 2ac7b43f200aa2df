import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { applyMistake, parseMistakePatch } from '../../../lib/content/mistakes';

/**
 * A catalogued mistake is a patch of the solution: the module graded is the solution with the patch
 * applied, so an edit to the solution elsewhere carries into every mistake, and an edit to the lines
 * a mistake changes is named, at its hunk, instead of grading something else.
 */

const solution = [
  '// exp is only ever taken of a non-positive number.',
  'function sigmoid(x: number): number {',
  '  if (x >= 0) return 1 / (1 + Math.exp(-x));',
  '  const e = Math.exp(x);',
  '  return e / (1 + e);',
  '}',
  '',
  'export function sigmoidPrime(x: number): number {',
  '  const s = sigmoid(x);',
  '  return s * (1 - s);',
  '}',
  '',
].join('\n');
const wrong = solution.replace('return s * (1 - s);', 'return s * s;');
/** `diff -u a b`: from the --- line (jsdiff puts a ==== line before it). */
const unified = (a: string, b: string, from = 'solution.ts', to = 'sigma-squared.ts') => {
  const text = createTwoFilesPatch(from, to, a, b, undefined, undefined, { context: 3 });
  return text.slice(text.indexOf('--- '));
};
const patchText = `Multiplies σ by itself.\nA second line of explanation.\n\n${unified(solution, wrong)}`;

describe('mistake patches', () => {
  it('reads the author\'s words before the diff and grades the patched solution', () => {
    const parsed = parseMistakePatch(patchText);
    expect(parsed.description).toBe('Multiplies σ by itself.\nA second line of explanation.');
    expect(parsed.diff.startsWith('--- solution.ts\n+++ sigma-squared.ts\n@@ ')).toBe(true);
    expect(parsed.diffLine).toBe(4);
    expect(applyMistake(solution, patchText)).toEqual({ ok: true, source: wrong, patch: parsed });
  });

  it('carries an edit to the solution elsewhere into the mistake', () => {
    // The helper is rewritten and grows two lines: the hunk moves with it.
    const fixed = solution.replace('  const e = Math.exp(x);\n', '  // e < 1 here\n  const e = Math.exp(x);\n  // so 1 + e > 1\n');
    const applied = applyMistake(fixed, patchText);
    expect(applied).toMatchObject({ ok: true, source: fixed.replace('return s * (1 - s);', 'return s * s;') });
  });

  it('names the hunk whose lines changed in the solution', () => {
    const changed = solution.replace('return s * (1 - s);', 'return s - s * s;');
    const applied = applyMistake(changed, patchText);
    expect(applied).toEqual({ ok: false, line: 6, message: expect.stringMatching(/^the hunk for solution\.ts line 7 no longer applies/) });
    expect(patchText.split('\n')[5]).toMatch(/^@@ -7,5 \+7,5 @@/);
  });

  it('refuses a file with no diff, or a diff of more than the solution', () => {
    expect(applyMistake(solution, 'Just words.\n')).toMatchObject({ ok: false, line: 1, message: expect.stringContaining('no unified diff') });
    const two = patchText + unified('a\n', 'b\n', 'other.ts', 'other.ts');
    expect(applyMistake(solution, two)).toMatchObject({ ok: false, message: expect.stringContaining('solution.ts alone') });
  });
});
