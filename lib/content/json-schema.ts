import { z } from 'zod';
import { ExerciseFrontMatter } from './schema';

/** The front-matter JSON Schema as written to exercises/exercise.schema.json. */
export function exerciseJsonSchema(): string {
  const schema = z.toJSONSchema(ExerciseFrontMatter, { io: 'input' });
  return `${JSON.stringify({ title: 'deltalab exercise front matter (exercise.md)', ...schema }, null, 2)}\n`;
}
