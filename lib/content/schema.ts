import { z } from 'zod';
import { SECTION_IDS } from './sections';

/**
 * The front matter of `exercise.md`: the single source of truth for what an exercise file may say.
 * `.strict()` so a misspelt key is an error, not a silently ignored setting.
 */

export const Limits = z
  .object({
    memoryMb: z.number().int().min(8).max(512).default(64).describe('isolate heap limit in MB'),
    checkTimeMs: z.number().int().min(10).max(30_000).default(1_000).describe('CPU time for one call of the learner code'),
    totalTimeMs: z.number().int().min(100).max(120_000).default(5_000).describe('CPU time of the learner code for the whole grading'),
    sourceBytes: z.number().int().min(256).max(512 * 1024).default(64 * 1024).describe('largest accepted submission'),
    consoleBytes: z.number().int().min(0).max(64 * 1024).default(8 * 1024).describe('console output kept and shown'),
  })
  .strict();
export type Limits = z.infer<typeof Limits>;

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens, e.g. "sigmoid-prime"');

export const ExerciseFrontMatter = z
  .object({
    id: Slug.describe('unique, stable id; submissions refer to it forever'),
    title: z.string().min(1).max(120).describe('shown in lists and as the page heading'),
    section: z.enum(SECTION_IDS).describe('the chapter section this exercise belongs to'),
    kind: z.literal('code').default('code').describe('a coding exercise graded by checks.ts'),
    points: z.number().positive().max(100).describe('weight in the gradebook'),
    order: z.number().int().min(0).max(1000).default(100).describe('position within its section'),
    summary: z.string().max(300).optional().describe('one line for the course home'),
    tags: z.array(z.string().min(1).max(40)).max(20).default([]).describe('topics, for search and statistics'),
    limits: Limits.default(Limits.parse({})).describe('sandbox limits; defaults suit most exercises'),
    draft: z.boolean().default(false).describe('true keeps the exercise hidden from students on purpose (staff still see it in authoring and preview)'),
    liveChecks: z
      .boolean()
      .default(true)
      .describe('run the example checks in the browser while the student types; false when the examples are expensive'),
  })
  .strict();
export type ExerciseFrontMatter = z.infer<typeof ExerciseFrontMatter>;

/** Chinese front matter (`exercise.zh.md`) may only translate the human-facing fields. */
export const TranslationFrontMatter = z
  .object({
    title: z.string().min(1).max(120),
    summary: z.string().max(300).optional(),
  })
  .strict();
