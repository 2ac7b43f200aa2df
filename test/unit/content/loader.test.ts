import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercises } from '../../../lib/content/loader';

function writeExercise(root: string, folder: string, slug: string, frontMatter: string, extra: Record<string, string> = {}) {
  const dir = path.join(root, folder, slug);
  mkdirSync(path.join(dir, '.meta', 'mistakes'), { recursive: true });
  writeFileSync(path.join(dir, 'exercise.md'), `---\n${frontMatter}\n---\n\nStatement with $x^2$.\n`);
  writeFileSync(path.join(dir, 'starter.ts'), 'export function f(x: number): number { return 0; }\n');
  writeFileSync(path.join(dir, 'checks.ts'), 'export default { checks: [] };\n');
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadExercises', () => {
  it('loads a valid folder with defaults, translation and mistakes', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ex-'));
    const dir = writeExercise(root, '4.1-neurons', 'good', 'id: good\ntitle: Good\nsection: "4.1"\npoints: 5', {
      'exercise.zh.md': '---\ntitle: 好\n---\n中文题目\n',
    });
    writeFileSync(path.join(dir, '.meta', 'mistakes', 'off-by-one.patch'), 'Off by one.\n\n--- solution.ts\n+++ off-by-one.ts\n@@ -1 +1 @@\n-export const x = 1;\n+export const x = 2;\n');
    // The old whole-module form is not read as a mistake (validation names it).
    writeFileSync(path.join(dir, '.meta', 'mistakes', 'stale.ts'), 'export const x = 1;\n');
    const { exercises, errors } = loadExercises(root);
    expect(errors).toEqual([]);
    expect(exercises).toHaveLength(1);
    const ex = exercises[0]!;
    expect(ex.limits.memoryMb).toBe(64);
    expect(ex.translation?.title).toBe('好');
    expect(ex.files.mistakes.map((m) => m.id)).toEqual(['off-by-one']);
    expect(ex.version).toMatch(/^[0-9a-f]{12}$/);
    expect(ex.statement).toContain('$x^2$');
  });

  it('reports a broken folder by file and line and still loads the others', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ex-'));
    writeExercise(root, '4.1-neurons', 'good', 'id: good\ntitle: Good\nsection: "4.1"\npoints: 5');
    writeExercise(root, '4.1-neurons', 'bad', 'id: bad\ntitle: Bad\nsection: "4.1"\npoints: -3\ncolour: red');
    const { exercises, errors } = loadExercises(root);
    expect(exercises.map((e) => e.id)).toEqual(['good']);
    const points = errors.find((e) => e.message.startsWith('points'));
    expect(points).toMatchObject({ file: expect.stringContaining(path.join('bad', 'exercise.md')), line: 5 });
    expect(errors.some((e) => /colour/.test(e.message))).toBe(true);
  });

  it('rejects YAML syntax errors, duplicate ids and mismatched folders with clear messages', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ex-'));
    writeExercise(root, '4.1-neurons', 'yaml', 'id: yaml\ntitle: [unclosed\nsection: "4.1"\npoints: 1');
    writeExercise(root, '4.2-networks', 'wrong-section', 'id: wrong-section\ntitle: W\nsection: "4.1"\npoints: 1');
    writeExercise(root, '4.3-feedforward', 'other-name', 'id: not-the-folder\ntitle: N\nsection: "4.3"\npoints: 1');
    const { exercises, errors } = loadExercises(root);
    expect(exercises).toEqual([]);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/YAML/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/does not match its folder/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/must equal its folder name/);
  });

  it('the repository exercises load without errors', () => {
    const { errors, exercises } = loadExercises(path.join(process.cwd(), 'exercises'));
    expect(errors).toEqual([]);
    expect(exercises.map((e) => e.id)).toContain('sigmoid-prime');
  });
});
