/**
 * Writes the JSON Schemas of exercise front matter and quiz files (from the zod schemas, the single
 * source of truth) beside the exercises, so editors can complete and check them.
 * `npm run schemas` regenerates them; a unit test fails when they are out of date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exerciseJsonSchema } from '../lib/content/json-schema';
import { quizJsonSchema } from '../lib/quiz/json-schema';

for (const [name, text] of [
  ['exercise.schema.json', exerciseJsonSchema()],
  ['quiz.schema.json', quizJsonSchema()],
] as const) {
  const file = path.join(process.cwd(), 'exercises', name);
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
