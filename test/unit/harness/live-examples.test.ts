import { describe, expect, it } from 'vitest';
import { liveExamples } from '../../../grader/harness/examples';
import { importChecks } from '../../../grader/harness/prepare';
import { loadExercises } from '../../../lib/content/loader';

/**
 * What the exercise page sends the browser for live checks: only the example checks, with the
 * reference answers computed here — never a hidden or secret check (issue 16 §1).
 */
describe('live examples', () => {
  const { exercises } = loadExercises();

  it('sigmoid-prime: its three statement examples with the server reference values', async () => {
    const live = await liveExamples(exercises.find((e) => e.id === 'sigmoid-prime')!);
    expect(live.checks.map((c) => c.name)).toEqual(['examples']);
    expect(live.checks[0]!.cases.map((c) => c.input)).toEqual([0, 1, -2]);
    expect(live.checks[0]!.cases[0]!.expected).toBe(0.25);
    expect(live.checks[0]!.cases[1]!.expected).toBeCloseTo(0.19661193324148185, 15);
    // The call runs on its own in the worker: the source text evaluates to a function.
    const call = (0, eval)(live.checks[0]!.callSource) as (m: unknown, x: number) => number;
    expect(call({ sigmoidPrime: (x: number) => x * 2 }, 3)).toBe(6);
  });

  it('every exercise of 4.1–4.4: only example checks are sent, and nothing named after a hidden one', async () => {
    let sent = 0;
    for (const exercise of exercises.filter((e) => ['4.1', '4.2', '4.3', '4.4'].includes(e.section))) {
      const spec = await importChecks(exercise);
      const live = await liveExamples(exercise);
      const examples = spec.checks.filter((c) => c.visibility === 'example').map((c) => c.name);
      for (const c of live.checks) expect(examples).toContain(c.name);
      const json = JSON.stringify(live);
      for (const hidden of spec.checks.filter((c) => c.visibility !== 'example')) expect(json).not.toContain(`"name":"${hidden.name}"`);
      sent += live.checks.length;
    }
    expect(sent).toBeGreaterThan(10);
  }, 60_000);
});
