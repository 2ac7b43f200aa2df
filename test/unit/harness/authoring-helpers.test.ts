import { describe, expect, it } from 'vitest';
import { centralDifference, check, closeTo, defineChecks, examples, grid, kinkJudge, tolerances, uniformInputs } from '../../../grader/harness';
import { inputRng } from '../../../grader/harness/inputs';

describe('defineChecks', () => {
  const call = (m: { f(x: number): number }, x: number) => m.f(x);
  it("gives the exercise's tolerance to every check without its own, and drops the field", () => {
    const spec = defineChecks<{ f(x: number): number }>({
      tolerance: { abs: 1e-12, rel: 1e-9 },
      checks: [check({ name: 'a', title: 'a', call, inputs: [1], expected: (x) => x }), check({ name: 'b', title: 'b', call, inputs: [1], expected: (x) => x, tolerance: { abs: 0 } })],
    });
    expect(spec.checks.map((c) => c.tolerance)).toEqual([{ abs: 1e-12, rel: 1e-9 }, { abs: 0 }]);
    expect(spec).not.toHaveProperty('tolerance');
  });
  it('leaves checks alone without one', () => {
    const spec = defineChecks({ checks: [check({ name: 'a', title: 'a', call, inputs: [1], expected: (x) => x })] });
    expect(spec.checks[0]).not.toHaveProperty('tolerance');
  });
});

describe('examples()', () => {
  it("is the statement's check: named examples, shown, titled by how many examples there are", () => {
    const many = examples({ call: (m: { f(x: number): number }, x: number) => m.f(x), inputs: [0, 1], expected: (x) => x });
    expect(many).toMatchObject({ name: 'examples', visibility: 'example', title: { en: 'The examples in the statement', zh: '题目中的示例' } });
    expect(examples({ call: () => 0, inputs: [0], expected: () => 0 }).title).toEqual({ en: 'The example in the statement', zh: '题目中的示例' });
    expect(examples({ call: () => 0, inputs: [0, 1], expected: () => 0, title: 'Worked example' }).title).toBe('Worked example');
  });
});

describe('inputs', () => {
  it('grid: every combination, the first field varying slowest', () => {
    expect(grid({ x: [0, 1], gamma: [1, 2] })).toEqual([
      { x: 0, gamma: 1 },
      { x: 0, gamma: 2 },
      { x: 1, gamma: 1 },
      { x: 1, gamma: 2 },
    ]);
  });
  it('uniformInputs draws n seeded values in [lo, hi)', () => {
    const xs = uniformInputs(50, -2, 3)(inputRng('seed'));
    expect(xs).toHaveLength(50);
    expect(xs.every((x) => x >= -2 && x < 3)).toBe(true);
    expect(uniformInputs(50, -2, 3)(inputRng('seed'))).toEqual(xs);
  });
  it('centralDifference of x³ at 2 is 12 up to O(h²)', () => {
    expect(centralDifference((x) => x ** 3)(2)).toBeCloseTo(12, 8);
  });
});

describe('kinkJudge', () => {
  type In = { x: number; gamma: number };
  const leaky = (x: number, g: number) => (x > 0 ? x : g * x);
  const judge = kinkJudge<In>({
    names: { value: 'leakyRelu', derivative: 'leakyReluPrime' },
    value: ({ x, gamma }) => leaky(x, gamma),
    derivative: ({ x, gamma }) => (x > 0 ? 1 : gamma),
    args: ({ x, gamma }) => `${x}, ${gamma}`,
    kink: ({ x, gamma }) => (x === 0 ? { at: 0, left: gamma, leftName: 'γ', right: 1 } : null),
  });
  it('accepts any slope between the one-sided derivatives at the kink, and only those', () => {
    for (const d of [0.1, 0.5, 1]) expect(judge({ value: 0, derivative: d }, { x: 0, gamma: 0.1 })).toBeNull();
    const wrong = judge({ value: 0, derivative: 1.5 }, { x: 0, gamma: 0.1 });
    expect(wrong).toEqual({
      message: {
        en: 'At x = 0 the one-sided derivatives are γ = 0.1 (left) and 1 (right); any value in [0.1, 1] is accepted, but you returned 1.5.',
        zh: '在 x = 0 处左导数为 γ = 0.1，右导数为 1；[0.1, 1] 中的任何值都可接受，但你返回了 1.5。',
      },
      path: ['derivative'],
    });
  });
  it('is exact away from the kink, value first', () => {
    expect(judge({ value: -0.2, derivative: 0.1 }, { x: -2, gamma: 0.1 })).toBeNull();
    expect(judge({ value: -0.2, derivative: 1 }, { x: -2, gamma: 0.1 })).toMatchObject({ path: ['derivative'], message: { en: 'leakyReluPrime(-2, 0.1) should be 0.1, but you returned 1.' } });
    expect(judge({ value: 2 }, { x: -2, gamma: 0.1 })).toMatchObject({ path: ['value'], message: { en: 'leakyRelu(-2, 0.1) should be -0.2, but you returned 2.' } });
    expect(judge(undefined, { x: 1, gamma: 0.1 })).toMatchObject({ path: ['value'], message: { en: 'leakyRelu(1, 0.1) should be 1, but you returned undefined.' } });
  });
});

describe('tolerances', () => {
  it('closeTo compares as the grader does: |got − want| ≤ abs + rel·|want|', () => {
    expect(closeTo(1 + 5e-10, 1, tolerances.closedForm)).toBe(true);
    expect(closeTo(1 + 5e-9, 1, tolerances.closedForm)).toBe(false);
    expect(closeTo('1', 1, tolerances.closedForm)).toBe(false);
  });
});
