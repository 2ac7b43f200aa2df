import type { Kysely } from 'kysely';
import { countedExerciseProgress } from './exercise-scores';
import { countedQuizProgress } from './quiz-scores';
import { scoreUnder } from './scores';
import type { Database, ItemKind } from './schema';
import { resolveWindow } from './windows';

/**
 * One student's counted score for one item in an offering, in [0, 1] (null: nothing graded and no
 * override), decided exactly as the gradebook decides a cell (lib/staff/gradebook.ts) and the
 * student's own pages show it: the per-item authority (lib/db/exercise-scores.ts for exercises,
 * lib/db/quiz-scores.ts for quizzes: each attempt's counted score with overrides, regrades and
 * late factors, plus a staff override of the whole item), then the item's best-or-last rule
 * (lib/db/windows.ts `counts`, applied by lib/db/scores.ts `scoreUnder`). Grade passback
 * (lib/lti/ags.ts) sends this number, so the LMS shows what the gradebook shows.
 */
export async function countedItemScore(db: Kysely<Database>, offeringId: string, userId: string, item: { kind: ItemKind; id: string; section: string }): Promise<number | null> {
  const { counts } = await resolveWindow(db, offeringId, userId, item);
  const filter = { offeringId, userIds: [userId] };
  const [progress] =
    item.kind === 'exercise'
      ? await countedExerciseProgress(db, { ...filter, exerciseId: item.id })
      : await countedQuizProgress(db, { ...filter, quizId: item.id });
  if (!progress) return null;
  return scoreUnder(progress, counts);
}
