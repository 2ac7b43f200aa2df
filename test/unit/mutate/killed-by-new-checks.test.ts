import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExercises } from '../../../lib/content/loader';
import { importSource, prepareExercise } from '../../../grader/harness/prepare';
import { runChecks } from '../../../grader/harness/run';
import { hostRunner } from '../../../grader/harness/runner';
import { mutants } from '../../../lib/mutate/mutants';

/**
 * Survivors of `npm run exercises:mutate` that a new hidden check kills: each mutant of the real
 * solution fails exactly the check written for it (and the solution passes every check). Graded on
 * the host, as scripts/try-exercise.ts does; the mutation reports prove the same through the pool.
 */

const { exercises } = loadExercises();

async function failedChecks(id: string, mutantId?: string): Promise<string[]> {
  const ex = exercises.find((e) => e.id === id);
  if (!ex?.files.solution) throw new Error(`no exercise ${id}`);
  const source = readFileSync(ex.files.solution, 'utf8');
  const code = mutantId === undefined ? source : mutants(source).find((m) => m.id === mutantId)?.code;
  if (code === undefined) throw new Error(`${id} has no mutant ${mutantId}`);
  const prepared = await prepareExercise(ex);
  const out = runChecks(prepared, prepared.checks, hostRunner(await importSource(code)), { locale: 'en', totalTimeMs: 60_000, checkTimeMs: 3000, memoryMb: 64, matchMistakes: false });
  return out.checks.filter((c) => !c.passed).map((c) => c.name);
}

const CASES: [exercise: string, mutant: string, what: string, check: string][] = [
  ['gelu', '5b853eb895', 'erf rounds to 1 from x = 5 (gelu 0 instead of −4.4e-12 at x = −7.1)', 'left-tail'],
  ['regularised-risk', 'f1ddfbf1c7', 'the cross-entropy shifts by min(z): e^z overflows for logits 800 apart', 'confident'],
  ['mlp-backward', '3c595d80cd', "ReLU′(0) = 1 where the statement says 0", 'relu-at-zero'],
  ['vanishing-gradients', '7b856e4d3e', 'σ(z) = e^z/(1 + e^z) for every z: NaN at z = 900', 'saturated'],
  ['vanishing-gradients', 'c5edd97e8f', 'the softmax shifts by min(z): overflow at logits ±1000', 'saturated'],
  ['sgd-early-stopping', '151d3edaba', 'accuracy picks the last largest logit on ties', 'fixed-network'],
  ['sgd-early-stopping', '92c3a0f189', 'tanh applied to the logits too (20 and 25 both round to 1)', 'fixed-network'],
  ['sgd-early-stopping', '282901615f', 'the first best starts at accuracy 0, so a 0% first epoch is not kept', 'fixed-network'],
  ['sgd-early-stopping', 'f1ddfbf1c7', 'the softmax shifts by min(z) in training', 'confident-start'],
  ['sgd-early-stopping', '565bbbb982', 'createRng with another final shift', 'generator'],
];

describe('mutants killed by the checks added for them', () => {
  it.each(CASES)('%s, mutant %s (%s), fails %s', async (exercise, mutant, _what, check) => {
    expect(await failedChecks(exercise, mutant)).toEqual([check]);
  });

  it.each([...new Set(CASES.map((c) => c[0]))])('%s: the solution passes every check', async (exercise) => {
    expect(await failedChecks(exercise)).toEqual([]);
  });
});
