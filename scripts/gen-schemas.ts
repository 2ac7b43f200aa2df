/**
 * Writes the JSON Schema of exercise front matter (from the zod schema, the single source of truth)
 * to exercises/exercise.schema.json, so editors can complete and check `exercise.md` front matter.
 * `npm run schemas` regenerates it; a unit test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exerciseJsonSchema } from '../lib/content/json-schema';

const file = path.join(process.cwd(), 'exercises', 'exercise.schema.json');
writeFileSync(file, exerciseJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
