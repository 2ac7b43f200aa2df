/**
 * For authors: grade an exercise's solution, starter and catalogued mistakes — or one file — on the
 * host, without the sandbox, to iterate on checks.ts quickly:
 *   npx tsx scripts/try-exercise.ts <exercise-id> [file.ts]
 * Trusted files only (they run in this process). `npm run exercises:validate` is the real proof.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadExercises } from '../lib/content/loader';
import { readMistakeSource } from '../lib/content/mistakes';
import { importSource, prepareExercise } from '../grader/harness/prepare';
import { runChecks } from '../grader/harness/run';
import { hostRunner } from '../grader/harness/runner';

async function main() {
  const [id, file] = process.argv.slice(2);
  const { exercises, errors } = loadExercises();
  for (const e of errors) console.error(`${e.file}:${e.line}: ${e.message}`);
  const ex = exercises.find((e) => e.id === id);
  if (!ex) throw new Error(`no exercise "${id}"`);
  const prepared = await prepareExercise(ex);
  const fromFile = (f: string) => ({ label: path.relative(ex.dir, f), load: () => import(pathToFileURL(f).href) as Promise<unknown> });
  // A mistake is graded as the solution with its patch applied (lib/content/mistakes.ts).
  const fromPatch = (m: { id: string; path: string }) => ({ label: path.relative(ex.dir, m.path), load: () => importSource(readMistakeSource(ex.files.solution, m.path)) });
  const targets = file
    ? [fromFile(path.resolve(file))]
    : [...[ex.files.solution, path.join(ex.dir, 'starter.ts')].filter((f): f is string => !!f).map(fromFile), ...ex.files.mistakes.map(fromPatch)];
  for (const target of targets) {
    const mod = await target.load();
    const out = runChecks(prepared, prepared.checks, hostRunner(mod), { locale: 'en', totalTimeMs: 60_000, checkTimeMs: 1000, memoryMb: 64, matchMistakes: true });
    const points = out.checks.reduce((s, c) => s + c.points, 0);
    const max = out.checks.reduce((s, c) => s + c.maxPoints, 0);
    console.log(`\n== ${target.label}: ${points}/${max}`);
    for (const c of out.checks) {
      console.log(`  ${c.passed ? '✓' : '✗'} ${c.name}: ${c.message}${c.mistake ? `\n      mistake ${c.mistake.id}: ${c.mistake.hint}` : ''}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
