import type { Viewer } from '../../lib/auth/roles';
import { getDb } from '../../lib/db';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { zonedMinutes } from '../../lib/i18n/time-zone';
import { itemDates } from '../../lib/site/item-dates';

/**
 * An exercise's or quiz's dates and rules as they apply to this student, in the offering's time
 * zone: open, due (their own when extended), close, the late policy, attempts used of those
 * allowed, and whether the last attempt counts. Nothing when nothing is set.
 */
export async function DatesNotice({ item, viewer, t }: { item: { kind: 'exercise' | 'quiz'; id: string; section: string }; viewer: Viewer | null; t: Messages['dates'] }) {
  const d = await itemDates(await getDb(), viewer, item);
  const anyDate = d.opensAt !== null || d.dueAt !== null || d.closeAt !== null;
  if (!anyDate && d.maxAttempts === null && d.counts === 'best') return null;
  // A server component renders once per request: "past due" is as of that request, which is what
  // the student should read (the purity rule guards client components that render again).
  // eslint-disable-next-line react-hooks/purity -- see the two lines above
  const now = Date.now();
  const when = (ms: number) => zonedMinutes(ms, d.zone);
  const parts: string[] = [];
  if (d.opensAt !== null) parts.push(format(t.opens, { date: when(d.opensAt) }));
  if (d.dueAt !== null) parts.push(d.extended ? `${format(t.yourDue, { date: when(d.dueAt) })} ${t.extended}` : format(t.due, { date: when(d.dueAt) }));
  if (d.closeAt !== null) parts.push(format(t.closes, { date: when(d.closeAt) }));
  const policy = d.latePolicy.kind === 'per-day' ? format(t.policyPerDay, { percent: d.latePolicy.percent }) : d.latePolicy.kind === 'factor' ? format(t.policyFactor, { factor: d.latePolicy.factor }) : t.policyNone;
  return (
    <div className="notice small" data-testid="dates">
      {parts.length > 0 && <p>{parts.join(' · ')}</p>}
      {d.dueAt !== null && (
        <p>
          {now > d.dueAt ? `${t.pastDue} ` : ''}
          {policy}
        </p>
      )}
      {(d.maxAttempts !== null || d.counts === 'last') && (
        <p data-testid="attempts-allowed">
          {d.maxAttempts !== null && viewer && format(t.attemptsUsed, { used: d.attemptsUsed, max: d.maxAttempts })}
          {d.maxAttempts !== null && viewer && d.counts === 'last' && ' · '}
          {d.counts === 'last' && t.countsLast}
        </p>
      )}
    </div>
  );
}
