import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exercise } from '../../../lib/content/loader';
import { mutants } from '../../../lib/mutate/mutants';
import { readEquivalents } from '../../../lib/mutate/run';

const SOURCE = `export function f(delta: number[], a: number[]): { d: number[]; s: number } {
  const s = Math.max(a[0], 0) + delta.length * 2;
  if (s > 1) return { d: delta.slice(), s: Math.pow(s, 2) };
  return { d: [...a], s: -s };
}
`;

describe('mutants of a solution', () => {
  const list = mutants(SOURCE);
  const edits = list.map((m) => `${m.operator}: ${m.original} -> ${m.replacement}`);

  it('covers operators, constants, boundaries, dropped terms, swapped arguments and aliasing', () => {
    expect(edits).toContain('operator: + -> -');
    expect(edits).toContain('operator: > -> >=');
    expect(edits).toContain('constant: 2 -> 3');
    expect(edits).toContain('math: max -> min');
    expect(edits).toContain('swap-arguments: s, 2 -> 2, s');
    expect(edits).toContain('alias: delta.slice() -> delta');
    expect(edits).toContain('alias: [...a] -> a');
    expect(edits).toContain('unary: -s -> s');
    expect(edits.some((e) => e.startsWith('drop-right: Math.max(a[0], 0) + delta.length * 2'))).toBe(true);
  });

  it('gives each mutant one edit, a unique id, and the same ids on every run', () => {
    for (const m of list) {
      expect(m.code).not.toBe(SOURCE);
      expect(m.code.split('\n').length).toBe(SOURCE.split('\n').length);
    }
    expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
    expect(mutants(SOURCE).map((m) => m.id)).toEqual(list.map((m) => m.id));
  });

  it('leaves types alone', () => {
    expect(list.every((m) => m.line !== 1 || m.operator === 'alias' || !m.original.includes('number'))).toBe(true);
  });
});

describe('the equivalent-mutants file', () => {
  const exerciseWith = (yaml: string): Exercise => {
    const dir = mkdtempSync(path.join(tmpdir(), 'equiv-'));
    mkdirSync(path.join(dir, '.meta'));
    writeFileSync(path.join(dir, '.meta/equivalent-mutants.yaml'), yaml);
    return { dir } as Exercise;
  };

  it('accepts ids with reasons', () => {
    const r = readEquivalents(exerciseWith('- id: "0123456789"\n  reason: both branches give 0.5 at z = 0\n'));
    expect(r.problems).toEqual([]);
    expect(r.list).toEqual([{ id: '0123456789', reason: 'both branches give 0.5 at z = 0' }]);
  });

  it('rejects a missing reason, a malformed id and a misspelt key', () => {
    const r = readEquivalents(exerciseWith('- id: "0123456789"\n- id: nothex\n  reason: long enough reason\n- id: abcdefabcd\n  reasn: typo here\n  reason: a real reason too\n'));
    expect(r.problems.join('\n')).toMatch(/entry 1 \(0123456789\): give a "reason"/);
    expect(r.problems.join('\n')).toMatch(/entry 2: "id" must be a mutant id/);
    expect(r.problems.join('\n')).toMatch(/entry 3: unknown key\(s\) reasn/);
  });

  it('rejects a file that is not a list', () => {
    expect(readEquivalents(exerciseWith('id: 0123456789\n')).problems[0]).toMatch(/must be a list/);
  });
});
