import { getCatalog } from '../../lib/content/loader';
import { getDb } from '../../lib/db';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { submissionWindow } from '../../lib/db/deadlines';
import { utcMinutes } from '../../lib/site/student-messages';

/** The exercise's open and due dates (server time, UTC), when staff have set any. */
export async function DatesNotice({ exerciseId, offeringId, t }: { exerciseId: string; offeringId: string | null; t: Messages['grades'] }) {
  const exercise = getCatalog().byId.get(exerciseId);
  if (!exercise) return null;
  const window = await submissionWindow(await getDb(), offeringId, exercise);
  if (window.opensAt === null && window.dueAt === null) return null;
  // A server component renders once per request: "past due" is as of that request, which is what
  // the student should read (the purity rule guards client components that render again).
  // eslint-disable-next-line react-hooks/purity -- see the two lines above
  const now = Date.now();
  return (
    <p className="notice small" data-testid="dates">
      {window.opensAt !== null && format(t.opensAt, { date: utcMinutes(window.opensAt) })}
      {window.opensAt !== null && window.dueAt !== null && ' · '}
      {window.dueAt !== null && format(t.dueAt, { date: utcMinutes(window.dueAt) })}
      {window.dueAt !== null && now > window.dueAt && ` — ${t.pastDue}`}
    </p>
  );
}
