/**
 * `npm run typecheck` (after `tsc --noEmit`, which checks checks.ts, starters and solutions through
 * tsconfig.json): type-checks every catalogued mistake as it is graded — the solution with the
 * mistake's patch applied — which tsc cannot see, since the patch is not a .ts file. Exit 1 on any
 * problem, each at its patch file and line (a patch that no longer applies is one too).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercises, repoRoot } from '../lib/content/loader';
import { applyMistake } from '../lib/content/mistakes';
import { typecheckExercises } from '../lib/content/typecheck';

const { exercises } = loadExercises();
const problems = [...typecheckExercises(exercises.map((ex) => ex.dir), repoRoot()).values()].flat();
for (const ex of exercises) {
  if (!ex.files.solution) continue;
  const solution = readFileSync(ex.files.solution, 'utf8');
  for (const m of ex.files.mistakes) {
    const applied = applyMistake(solution, readFileSync(m.path, 'utf8'));
    if (!applied.ok) problems.push({ file: path.relative(repoRoot(), m.path), line: applied.line, message: applied.message });
  }
}
for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
const mistakes = exercises.reduce((n, ex) => n + ex.files.mistakes.length, 0);
process.stdout.write(`${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}: ${exercises.length} exercises, ${mistakes} patched mistakes type-checked\n`);
process.exit(problems.length === 0 ? 0 : 1);
