/**
 * Prints the example checks of exercises as JSON (lib/live/types.ts LiveExamples), for the web
 * server, which does not load checks.ts itself (lib/site/live-examples.ts spawns this).
 * Usage: tsx scripts/live-examples.ts [exercise-id …]   (no id: every exercise, as { id: … })
 */
import { liveExamples } from '../grader/harness/examples';
import { loadExercises } from '../lib/content/loader';
import type { LiveExamples } from '../lib/live/types';

const ids = process.argv.slice(2);
const exercises = loadExercises().exercises.filter((e) => ids.length === 0 || ids.includes(e.id));
const out: Record<string, LiveExamples | { error: string }> = {};
for (const exercise of exercises) {
  try {
    out[exercise.id] = await liveExamples(exercise);
  } catch (err) {
    // One broken checks.ts leaves the others' live checks working.
    out[exercise.id] = { error: err instanceof Error ? err.message : String(err) };
  }
}
process.stdout.write(JSON.stringify(out));
