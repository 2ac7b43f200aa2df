import { z } from 'zod';
import { QuizFile } from './schema';

/**
 * The JSON Schema of quiz.yaml (from the zod schema, the single source of truth), for editor
 * completion and checking, e.g. with `# yaml-language-server: $schema=../../quiz.schema.json`.
 */
export function quizJsonSchema(): string {
  const schema = z.toJSONSchema(QuizFile, { io: 'input' });
  return `${JSON.stringify({ title: 'deltalab quiz (quiz.yaml)', ...schema }, null, 2)}\n`;
}
