import { describe, expect, it } from 'vitest';
import { compare } from '../../../grader/harness/compare';
import { defaultLocate } from '../../../grader/harness/locate';
import { driverSource } from '../../../grader/harness/runner';

describe('compare', () => {
  it('accepts answers within tolerance', () => {
    expect(compare([[1, 2], [3, 4]], [[1, 2 + 1e-9], [3, 4]]).ok).toBe(true);
  });

  it('finds the worst element of a wrong matrix', () => {
    const r = compare({ dW: [[[1, 2], [3, 4]]] }, { dW: [[[1, 2.1], [3, 8]]] });
    expect(r).toMatchObject({ ok: false, kind: 'value', wrongElements: 2, worst: { path: ['dW', 0, 1, 1], expected: 4, got: 8, relError: 0.5 } });
  });

  it('reports shape problems before values', () => {
    expect(compare([1, 2, 3], [1, 2])).toMatchObject({ ok: false, kind: 'shape', problem: { key: 'wrongLength', length: 3, gotLength: 2 } });
    expect(compare([[1]], [1])).toMatchObject({ ok: false, kind: 'shape', problem: { key: 'expectedArray', path: [0], got: '1' } });
    expect(compare(0.25, undefined)).toMatchObject({ ok: false, kind: 'shape', problem: { key: 'expectedNumber', got: 'undefined' } });
    expect(compare({ dW: [], db: [] }, { dW: [] })).toMatchObject({ ok: false, kind: 'shape', problem: { key: 'expectedObject', field: 'db' } });
  });

  it('treats NaN and Infinity as wrong when a finite value is expected, and ranks them worst', () => {
    const r = compare([0.1, 0.2], [0.5, Number.NaN]);
    expect(r).toMatchObject({ ok: false, kind: 'value', worst: { path: [1] } });
  });
});

describe('defaultLocate', () => {
  // Labels count from 1 as the statements do (j = 1 … M_l); row/col stay 0-based data.
  it('names rows, columns and layers', () => {
    expect(defaultLocate([2], 'answer')).toEqual({ label: 'answer, entry 3', row: 2 });
    expect(defaultLocate([1, 0], 'answer')).toEqual({ label: 'answer, row 2, column 1', row: 1, col: 0 });
    expect(defaultLocate(['dW', 1, 2, 0], 'answer')).toEqual({ label: 'dW⁽²⁾, row 3, column 1', layer: 2, row: 2, col: 0 });
    expect(defaultLocate(['value'], 'answer')).toEqual({ label: 'value' });
    expect(defaultLocate([1, 0], '答案', 'zh')).toEqual({ label: '答案 第 2 行第 1 列', row: 1, col: 0 });
  });
});

describe('driverSource', () => {
  it('turns arrows and method shorthand into standalone expressions', () => {
    const arrow = driverSource((m: { f(x: number): number }, x: number) => m.f(x));
    expect(new Function(`return ${arrow}`)()({ f: (x: number) => x * 2 }, 3)).toBe(6);
    const obj = { call(m: { g(): number }) { return m.g(); } };
    const method = driverSource(obj.call);
    expect(new Function(`return ${method}`)()({ g: () => 7 })).toBe(7);
  });
});
