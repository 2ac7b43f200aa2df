import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { GradingResult, Locale } from '../../grader/results';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { applyMistake } from '../content/mistakes';
import { AccessError } from '../site/errors';
import { gradingPool } from '../site/grading';
import { parseInput, requireInstructor } from './access';

/**
 * Instructors' look behind an exercise: every check, hidden ones included, run through the real
 * sandbox pool on the reference solution and on each catalogued mistake (does its hint fire?), and
 * any pasted code graded the same way with nothing recorded.
 */

export interface MistakePreview {
  id: string;
  /** What the mistake is, in the author's words (the lines before its diff). */
  description: string;
  /** The unified diff against the reference solution: what the mistake changes. */
  diff: string;
  /** Null when the patch no longer applies to the solution (`problem` says why). */
  result: GradingResult | null;
  problem?: string;
  /** A failing check names this mistake, so the student would see its hint. */
  fires: boolean;
}

export interface ExercisePreview {
  exerciseId: string;
  solution: GradingResult | null;
  mistakes: MistakePreview[];
}

function requireExercise(id: string) {
  const exercise = getCatalog().allById.get(id);
  if (!exercise) throw new AccessError(404, 'no such exercise');
  return exercise;
}

export async function previewExercise(viewer: Viewer | null, exerciseId: string, locale: Locale): Promise<ExercisePreview> {
  requireInstructor(viewer);
  const exercise = requireExercise(exerciseId);
  const grade = (code: string) => gradingPool().grade({ exerciseId: exercise.id, code, mode: 'submit', locale });
  const solutionText = exercise.files.solution ? readFileSync(exercise.files.solution, 'utf8') : '';
  const [solution, ...mistakes] = await Promise.all([
    exercise.files.solution ? grade(solutionText) : Promise.resolve(null),
    ...exercise.files.mistakes.map(async (m): Promise<MistakePreview> => {
      const applied = applyMistake(solutionText, readFileSync(m.path, 'utf8'));
      if (!applied.ok) return { id: m.id, description: '', diff: readFileSync(m.path, 'utf8'), result: null, problem: applied.message, fires: false };
      const result = await grade(applied.source);
      const { description, diff } = applied.patch;
      return { id: m.id, description, diff, result, fires: result.checks.some((c) => !c.passed && c.mistake?.id === m.id) };
    }),
  ]);
  return { exerciseId: exercise.id, solution: solution as GradingResult | null, mistakes: mistakes as MistakePreview[] };
}

export const TryInput = z.object({
  exerciseId: z.string().min(1).max(100),
  code: z.string().max(256 * 1024),
});

/** Grades pasted code with every check (as a submission would be) and records nothing. */
export async function tryCode(viewer: Viewer | null, input: unknown, locale: Locale): Promise<GradingResult> {
  requireInstructor(viewer);
  const data = parseInput(TryInput, input);
  const exercise = requireExercise(data.exerciseId);
  return gradingPool().grade({ exerciseId: exercise.id, code: data.code, mode: 'submit', locale });
}
