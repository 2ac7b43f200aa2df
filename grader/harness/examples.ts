import type { Exercise } from '../../lib/content/loader';
import { importChecks } from './prepare';
import { inputRng } from './inputs';
import { driverSource } from './runner';
import type { LiveExamples } from '../../lib/live/types';

/**
 * What the browser may know to run an exercise's *example* checks while the student types: the
 * inputs the statement already shows, the reference answers (computed here, on the server, with
 * lib/autodiff) and the tolerances. Nothing of a hidden or secret check, no mistake file and no
 * reference solution is read into this: only checks marked `visibility: 'example'`.
 */
export async function liveExamples(exercise: Exercise): Promise<LiveExamples> {
  const spec = await importChecks(exercise);
  const checks: LiveExamples['checks'] = [];
  for (const check of spec.checks) {
    // Judge-only checks compare with host code that cannot be sent; they stay server-side.
    if (check.visibility !== 'example' || !check.expected || check.judge) continue;
    const inputs = typeof check.inputs === 'function' ? check.inputs(inputRng(`${exercise.id}/${check.name}`)) : check.inputs;
    checks.push({
      name: check.name,
      title: check.title,
      callSource: driverSource(check.call),
      tolerance: check.tolerance ?? {},
      cases: inputs.map((input) => ({
        input: JSON.parse(JSON.stringify(input)) as unknown,
        expected: JSON.parse(JSON.stringify(check.expected!(structuredClone(input)))) as unknown,
        label: check.describe ? { en: check.describe(structuredClone(input), 'en'), zh: check.describe(structuredClone(input), 'zh') } : undefined,
      })),
    });
  }
  return { exerciseId: exercise.id, version: exercise.version, checks };
}
