import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { disagreements, Plot, plotText } from '../../../app/_components/Plot';
import type { Exercise } from '../../../lib/content/loader';
import { messages } from '../../../lib/i18n/catalog';
import type { PreparedExercise } from '../../../grader/harness/prepare';
import { runChecks } from '../../../grader/harness/run';
import { driverSource, hostRunner } from '../../../grader/harness/runner';
import type { CheckSpec } from '../../../grader/harness/spec';

/**
 * Plots that teach (4.1): a check whose inputs stay on one side of ReLU's kink still draws the
 * student's curve over both sides, marks the kink, shades where the curves part, and says both in
 * its text alternative.
 */

const reluPrime = (x: number) => (x > 0 ? 1 : 0);
const inputs = [0.5, 1, 2.5, 3, 4.5];
const check: CheckSpec<number, number> = {
  name: 'relu-prime-right',
  title: 'reluPrime at random x in (0, 5]',
  kind: 'gradient',
  call: (m: { reluPrime(x: number): number }, x: number) => m.reluPrime(x),
  inputs,
  expected: reluPrime,
  plot: { x: (x) => x, range: [-5, 5], kinks: [0] },
};
const prepared: PreparedExercise = {
  exercise: { id: 'relu-subgradient' } as unknown as Exercise,
  checks: [{ spec: check as CheckSpec, points: 1, cases: inputs.map((input) => ({ input, expected: reluPrime(input) })), driverSource: driverSource(check.call) }],
  mistakes: [],
  mistakeAnswers: () => undefined,
};
// Right up to x = 2, then half the slope it should have.
const student = { reluPrime: (x: number) => (x > 2 ? 0.5 : x > 0 ? 1 : 0) };

function plotOf() {
  const out = runChecks(prepared, prepared.checks, hostRunner(student), { locale: 'en', totalTimeMs: 10_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: false });
  return out.checks[0]!.plot!;
}

describe('plots that teach', () => {
  it('draws over the whole range asked for, with the kink, even when the inputs avoid it', () => {
    const plot = plotOf();
    expect(plot.x[0]).toBe(-5);
    expect(plot.x[plot.x.length - 1]).toBe(5);
    expect(plot.kinks).toEqual([0]);
    expect(plot.got[plot.x.indexOf(-1)]).toBe(0);
  });

  it('finds the stretch where the curves part, and shades it', () => {
    const plot = plotOf();
    const stretches = disagreements(plot);
    expect(stretches).toHaveLength(1);
    expect(stretches[0]![0]).toBeCloseTo(2.05, 10);
    expect(stretches[0]![1]).toBe(5);
    const svg = renderToStaticMarkup(createElement(Plot, { data: plot, t: messages('en').feedback }));
    expect(svg.match(/data-testid="plot-differs"/g)).toHaveLength(1);
    expect(svg.match(/data-testid="plot-kink"/g)).toHaveLength(1);
    expect(svg).toContain('where yours differs');
  });

  it('says the stretch and the kink in words, in both languages', () => {
    const plot = plotOf();
    expect(plotText(plot, messages('en').feedback)).toMatch(/ Yours differs on 1 stretch: 2\.05 … 5\. Kinks of the reference at x = 0\.$/);
    expect(plotText(plot, messages('zh').feedback)).toMatch(/你的函数在 1 个区间上与参考不同：2\.05 … 5。参考函数的不可导点在 x = 0。$/);
  });
});

describe('‖δ⁽ˡ⁾‖ per layer (4.6)', () => {
  const norms = (scale: number) => [0.5, 0.1, 0.02, 0.004].map((v) => v * scale);
  const vectorCheck: CheckSpec<number, number[]> = {
    name: 'examples',
    title: 'norms',
    call: (m: { deltaNorms(s: number): number[] }, s: number) => m.deltaNorms(s),
    inputs: [1],
    expected: norms,
    plot: { x: () => 0, xLabel: 'layer l', yLabel: 'log₁₀‖δ⁽ˡ⁾‖', vector: { log10: true } },
  };
  const vectorPrepared: PreparedExercise = {
    ...prepared,
    checks: [{ spec: vectorCheck as CheckSpec, points: 1, cases: [{ input: 1, expected: norms(1) }], driverSource: driverSource(vectorCheck.call) }],
  };

  it('plots the student’s norms against the reference, layer by layer, on a log scale', () => {
    // The squared norm: log₁₀ doubles, so the gap grows with depth as the norms shrink.
    const squared = { deltaNorms: (s: number) => norms(s).map((v) => v * v) };
    const out = runChecks(vectorPrepared, vectorPrepared.checks, hostRunner(squared), { locale: 'en', totalTimeMs: 10_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: false });
    const plot = out.checks[0]!.plot!;
    expect(plot.x).toEqual([1, 2, 3, 4]);
    expect(plot.yLabel).toBe('log₁₀‖δ⁽ˡ⁾‖');
    expect(plot.expected.map((v) => Number(v!.toFixed(6)))).toEqual(norms(1).map((v) => Number(Math.log10(v).toFixed(6))));
    expect(plot.got.map((v) => Number(v!.toFixed(6)))).toEqual(norms(1).map((v) => Number((2 * Math.log10(v)).toFixed(6))));
    const svg = renderToStaticMarkup(createElement(Plot, { data: plot, t: messages('en').feedback }));
    expect(svg).toContain('log₁₀‖δ⁽ˡ⁾‖');
  });
});
