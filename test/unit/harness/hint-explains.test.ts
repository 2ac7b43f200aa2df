import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExercises } from '../../../lib/content/loader';
import { importSource, prepareExercise } from '../../../grader/harness/prepare';
import { readMistakeSource } from '../../../lib/content/mistakes';
import { runChecks } from '../../../grader/harness/run';
import { hostRunner } from '../../../grader/harness/runner';

/**
 * A catalogued hint names a mistake only when that mistake explains what the student's code did:
 * equal answers on the failing check, and right wherever the student was right. Each case is a
 * wrong solution written independently of the catalogue, graded against the real exercise.
 */

const { exercises } = loadExercises();

async function grade(id: string, file: string) {
  const ex = exercises.find((e) => e.id === id);
  if (!ex) throw new Error(`no exercise ${id}`);
  const prepared = await prepareExercise(ex);
  const mod: unknown = await import(pathToFileURL(path.join(__dirname, 'wrong-solutions', file)).href);
  const out = runChecks(prepared, prepared.checks, hostRunner(mod), { locale: 'en', totalTimeMs: 60_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: true });
  return { out, hinted: out.checks.filter((c) => c.mistake).map((c) => `${c.name}:${c.mistake!.id}`) };
}

describe('hints that name the right mistake', () => {
  it('dual-numbers: exp/log/sin/cos dropping ȧ is not the quotient-rule mistake (div passes its own check)', async () => {
    const { out, hinted } = await grade('dual-numbers', 'dual-numbers-exp-drops-tangent.ts');
    expect(out.checks.find((c) => c.name === 'dual-arithmetic')!.passed).toBe(true);
    expect(out.checks.find((c) => c.name === 'examples')!.passed).toBe(false);
    expect(hinted).toEqual([]);
  });

  it('sigmoid-graph: a chain product without the −1 factor is not "your ∂h6/∂h5 is +1/h5²" when the local derivatives passed', async () => {
    const { out, hinted } = await grade('sigmoid-graph', 'sigmoid-graph-chain-drops-minus-one.ts');
    expect(out.checks.find((c) => c.name === 'local-derivatives')!.passed).toBe(true);
    expect(out.checks.find((c) => c.name === 'chain-rule')!.passed).toBe(false);
    expect(hinted).toEqual([]);
  });

  it('softplus: a left-tail-only loss of precision does not get the hint that also claims right-side overflow', async () => {
    const { out, hinted } = await grade('softplus', 'softplus-left-tail-only.ts');
    expect(out.checks.find((c) => c.name === 'value-left-tail')!.passed).toBe(false);
    expect(hinted.some((h) => h.endsWith(':naive-overflow') || h.endsWith(':log1p-overflow'))).toBe(false);
    expect(hinted).toEqual([]);
  });

  it('softmax: subtracting max(z) in place is reported as a changed argument, never as the min(z) mistake', async () => {
    const { out, hinted } = await grade('softmax', 'softmax-in-place-max.ts');
    expect(out.checks.every((c) => c.problem === 'mutated')).toBe(true);
    expect(hinted).toEqual([]);
  });

  it('softmax: a max recomputed while shifting a copy gets no min(z) hint', async () => {
    const { hinted } = await grade('softmax', 'softmax-running-max.ts');
    expect(hinted).toEqual([]);
  });

  it('still names each catalogued mistake of these exercises when a student makes exactly it', async () => {
    for (const id of ['dual-numbers', 'sigmoid-graph', 'softplus', 'softmax']) {
      const ex = exercises.find((e) => e.id === id)!;
      const prepared = await prepareExercise(ex);
      for (const m of ex.files.mistakes) {
        const mod = await importSource(readMistakeSource(ex.files.solution, m.path));
        const out = runChecks(prepared, prepared.checks, hostRunner(mod), { locale: 'en', totalTimeMs: 60_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: true });
        const named = out.checks.filter((c) => c.mistake).map((c) => c.mistake!.id);
        expect(named.length, `${id}/${m.id}`).toBeGreaterThan(0);
        expect(new Set(named), `${id}/${m.id}`).toEqual(new Set([m.id]));
      }
    }
  });
});
