import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseJsonSchema } from '../../../lib/content/json-schema';
import { quizJsonSchema } from '../../../lib/quiz/json-schema';

describe('generated JSON Schemas', () => {
  it('matches the zod schema (run `npm run schemas` after changing lib/content/schema.ts)', () => {
    const onDisk = readFileSync(path.join(process.cwd(), 'exercises', 'exercise.schema.json'), 'utf8');
    expect(onDisk).toBe(exerciseJsonSchema());
  });

  it('exercises/quiz.schema.json matches the quiz zod schema', () => {
    const onDisk = readFileSync(path.join(process.cwd(), 'exercises', 'quiz.schema.json'), 'utf8');
    expect(onDisk).toBe(quizJsonSchema());
  });

  it('describes every field for editor completion', () => {
    const schema = JSON.parse(exerciseJsonSchema()) as { properties: Record<string, { description?: string }>; required: string[] };
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'section', 'points']));
  });
});
