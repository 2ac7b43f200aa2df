import type { Kysely } from 'kysely';
import { itemOverrideKey, itemOverridesInForce } from './item-overrides';
import { countedQuizProgress } from './quiz-scores';
import { loadScoredSubmissions, pickCounted } from './scores';
import type { Database, ItemKind } from './schema';
import { resolveWindow } from './windows';

/**
 * One student's counted score for one item in an offering, in [0, 1] (null: nothing graded and no
 * override), decided exactly as the gradebook decides a cell (lib/staff/gradebook.ts), from the
 * same authorities: each attempt's counted score (lib/db/scores.ts for submissions, with their
 * late factors; lib/db/quiz-scores.ts for quiz attempts), the best or the newest graded attempt as
 * the item's rule says (lib/db/windows.ts `counts`), then a staff override of the whole item
 * (lib/db/item-overrides.ts), which replaces whatever the attempts say. Grade passback
 * (lib/lti/ags.ts) sends this number, so the LMS shows what the gradebook shows.
 */
export async function countedItemScore(db: Kysely<Database>, offeringId: string, userId: string, item: { kind: ItemKind; id: string; section: string }): Promise<number | null> {
  const override = (await itemOverridesInForce(db, offeringId, [userId])).get(itemOverrideKey(userId, item.kind, item.id));
  if (override) return override.score;
  const { counts } = await resolveWindow(db, offeringId, userId, item);
  if (item.kind === 'exercise') {
    const scored = await loadScoredSubmissions(db, { offeringId, userIds: [userId], exerciseId: item.id });
    return pickCounted(scored, counts);
  }
  const [progress] = await countedQuizProgress(db, { offeringId, userIds: [userId], quizId: item.id });
  if (!progress || progress.attempts === 0) return null;
  return counts === 'last' ? progress.lastScore : progress.bestAttemptScore;
}
