'use server';

import { getViewer } from '../../lib/auth/session';
import { AccessError } from '../../lib/site/errors';
import { overrideQuizAttempt, overrideQuizItem } from '../../lib/staff/quiz-overrides';
import { applyQuizRegrade, planQuizRegrade, type QuizRegradePlan } from '../../lib/staff/quiz-regrade';
import type { ActionState } from './actions';

/**
 * The quiz tools' server actions. Each is a public POST endpoint: lib/staff checks who asks (course
 * staff of the offering the request acts in) and re-parses the input.
 */

async function run<T>(work: () => Promise<T>): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    if (err instanceof AccessError) return { ok: false, status: err.status, reason: err.message };
    console.error('[deltalab] staff quiz action failed:', err);
    return { ok: false, status: 500, reason: err instanceof Error ? err.message : 'error' };
  }
}

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

export type ScoreChange = { oldScore: number | null; newScore: number | null };

export async function quizAttemptOverrideAction(_prev: ActionState<ScoreChange> | null, form: FormData): Promise<ActionState<ScoreChange>> {
  return run(async () => overrideQuizAttempt(await getViewer(), { attemptId: text(form, 'attemptId'), percent: Number(text(form, 'percent')), reason: text(form, 'reason') }));
}

/** `remove=1` removes the override in force; otherwise `percent` sets one. */
export async function quizItemOverrideAction(_prev: ActionState<ScoreChange> | null, form: FormData): Promise<ActionState<ScoreChange>> {
  return run(async () =>
    overrideQuizItem(await getViewer(), {
      userId: text(form, 'userId'),
      quizId: text(form, 'quizId'),
      percent: text(form, 'remove') === '1' ? null : Number(text(form, 'percent')),
      reason: text(form, 'reason'),
    }),
  );
}

export type RegradeOutcome = QuizRegradePlan & { applied: boolean };

/** `mode=apply` stores the regrade; anything else is a dry run. */
export async function quizRegradeAction(_prev: ActionState<RegradeOutcome> | null, form: FormData): Promise<ActionState<RegradeOutcome>> {
  return run(async () => {
    const viewer = await getViewer();
    const input = { quizId: text(form, 'quizId'), userId: text(form, 'userId') || undefined };
    if (text(form, 'mode') === 'apply') return { ...(await applyQuizRegrade(viewer, input)), applied: true };
    return { ...(await planQuizRegrade(viewer, input)), applied: false };
  });
}
