/**
 * Prints the example checks of one exercise as JSON (lib/live/types.ts LiveExamples), for the
 * web server, which does not load checks.ts itself (lib/site/live-examples.ts spawns this).
 * Usage: tsx scripts/live-examples.ts <exercise-id>
 */
import { liveExamples } from '../grader/harness/examples';
import { loadExercises } from '../lib/content/loader';

const id = process.argv[2];
const exercise = loadExercises().exercises.find((e) => e.id === id);
if (!exercise) {
  console.error(`no exercise "${id}"`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await liveExamples(exercise)));
