/**
 * For authors: writes `.meta/mistakes/<id>.patch` from a wrong module, keeping the patch's description
 * when it already exists —
 *   npx tsx scripts/mistake-patch.ts <exercise-id> <mistake-id> wrong.ts ["What the mistake is."]
 * The patch states only what `wrong.ts` changes in `.meta/solution.ts` (lib/content/mistakes.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { loadExercises } from '../lib/content/loader';
import { applyMistake, parseMistakePatch } from '../lib/content/mistakes';

const [exerciseId, id, wrongFile, given] = process.argv.slice(2);
if (!exerciseId || !id || !wrongFile) {
  process.stderr.write('usage: npx tsx scripts/mistake-patch.ts <exercise-id> <mistake-id> wrong.ts ["description"]\n');
  process.exit(2);
}
const ex = loadExercises().exercises.find((e) => e.id === exerciseId);
if (!ex?.files.solution) throw new Error(`no exercise "${exerciseId}" with a .meta/solution.ts`);
const target = path.join(ex.dir, '.meta', 'mistakes', `${id}.patch`);
const description = given ?? (existsSync(target) ? parseMistakePatch(readFileSync(target, 'utf8')).description : '');
if (!description) throw new Error('say what the mistake is (the fourth argument): authors read it in the preview');
const solution = readFileSync(ex.files.solution, 'utf8');
const wrong = readFileSync(wrongFile, 'utf8');
// `diff -u` style: three lines of context, from the --- line.
const diff = createTwoFilesPatch('solution.ts', `${id}.ts`, solution, wrong, undefined, undefined, { context: 3 });
const patch = `${description}\n\n${diff.slice(diff.indexOf('--- '))}`;
const applied = applyMistake(solution, patch);
if (!applied.ok || applied.source !== wrong) throw new Error('the patch does not reproduce wrong.ts');
writeFileSync(target, patch);
process.stdout.write(`${path.relative(process.cwd(), target)}: ${patch.split('\n').length} lines\n`);
