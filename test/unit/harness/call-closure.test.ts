import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeVariables } from '../../../grader/harness/free-variables';
import { CallClosureError, prepareExercise } from '../../../grader/harness/prepare';
import type { GraderPool } from '../../../grader/pool';
import { loadExercises } from '../../../lib/content/loader';
import { validateExercise } from '../../../lib/authoring/validate';

/**
 * A check's `call` reaches the sandbox as its source text alone. One that uses a name of the checks
 * module works on the host and throws ReferenceError in the isolate on every input; preparing the
 * exercise refuses it, naming the check and the name, at the call's line in checks.ts.
 */

describe('free variables of a call', () => {
  it('names what a call takes from outside itself', () => {
    const SCALE = 2;
    const helper = (x: number) => x * SCALE;
    expect(freeVariables(((m: { f(x: number): number }, x: number) => m.f(x) * SCALE).toString())).toEqual(['SCALE']);
    expect(freeVariables(String((m: { f(x: number): number }, x: number) => helper(m.f(x)) + SCALE))).toEqual(['helper', 'SCALE']);
  });

  it('accepts a self-contained call: parameters, its own helpers, globals, property names, labels', () => {
    const call = (m: { f(x: number): number; Value: new (v: number) => object }, { xs, k = 1 }: { xs: number[]; k?: number }) => {
      const fPrime = (x: number) => (m.f(x + 1e-6) - m.f(x - 1e-6)) / 2e-6;
      const out: { value: number; slope: number }[] = [];
      outer: for (const [i, x] of xs.entries()) {
        if (!Number.isFinite(x)) continue outer;
        try {
          out.push({ value: Math.max(m.f(x), -Infinity) * k, slope: fPrime(x) + i });
        } catch (err) {
          throw new Error(String(err));
        }
      }
      class Node extends m.Value {}
      return { out, node: JSON.stringify(new Node(k)), [xs.length]: typeof undefined };
    };
    expect(freeVariables(call.toString())).toEqual([]);
  });
});

const root = mkdtempSync(path.join(process.cwd(), '.closure-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of sigmoid-prime (at exercises/'s depth, so checks.ts's imports resolve) with these checks. */
function exerciseWith(slug: string, callBody: string) {
  chmodSync(root, 0o755);
  const dir = path.join(root, '4.1-neurons', slug);
  mkdirSync(path.dirname(dir), { recursive: true });
  cpSync('exercises/4.1-neurons/sigmoid-prime', dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'checks.ts'),
    [
      "import { check, defineChecks } from '../../../grader/harness';",
      'const SCALE = 2;',
      'type M = { sigmoidPrime(x: number): number };',
      'export default defineChecks({',
      '  checks: [',
      '    check({',
      "      name: 'scaled',",
      "      title: { en: 'Scaled', zh: '缩放' },",
      "      visibility: 'example',",
      `      call: (m: M, x: number) => ${callBody},`,
      '      inputs: [0, 1],',
      '      expected: (x: number) => SCALE * (1 / (1 + Math.exp(-x))) * (1 - 1 / (1 + Math.exp(-x))),',
      '    }),',
      '  ],',
      '});',
      '',
    ].join('\n'),
  );
  const ex = loadExercises(root).exercises.find((e) => e.dir === dir);
  expect(ex).toBeDefined();
  return { ...ex!, id: slug };
}

describe('preparing an exercise', () => {
  it('refuses a call over a checks.ts constant, naming the check and the variable', async () => {
    const ex = exerciseWith('sigmoid-prime', 'SCALE * m.sigmoidPrime(x)');
    const err = await prepareExercise(ex).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CallClosureError);
    expect((err as CallClosureError).message).toMatch(/check "scaled": its call uses `SCALE`, defined outside the call\. Only the call's own text runs in the sandbox/);
    // Validation says so at the call's line, before anything is graded (no pool is needed).
    const problems = await validateExercise(ex, {} as GraderPool);
    expect(problems).toContainEqual({ file: path.relative(process.cwd(), ex.files.checks), line: 10, message: expect.stringMatching(/^check "scaled": its call uses `SCALE`/) });
    expect(problems.some((p) => /must score 100%/.test(p.message))).toBe(false);
  });

  it('accepts the same check once the call is self-contained', async () => {
    rmSync(path.join(root, '4.1-neurons'), { recursive: true, force: true });
    const ex = exerciseWith('sigmoid-prime', '2 * m.sigmoidPrime(x)');
    const prepared = await prepareExercise(ex);
    expect(prepared.checks.map((c) => c.spec.name)).toEqual(['scaled']);
  });
});
