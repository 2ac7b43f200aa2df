import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';

/**
 * The tags beside an attempt's counted score in a student's history (exercises and quizzes): "set
 * by staff" with the reason on hover, and "late ×factor" when late work counts at a factor.
 */
export function ScoreTags({ override, lateFactor, grades }: { override?: { reason: string } | null; lateFactor: number | null; grades: Messages['grades'] }) {
  return (
    <>
      {override && (
        <span className="tag" title={override.reason} data-testid="override-tag">
          {grades.overriddenShort}
        </span>
      )}
      {lateFactor !== null && (
        <span className="tag" data-testid="late-tag">
          {lateFactor === 1 ? grades.late : format(grades.lateTimes, { factor: Math.round(lateFactor * 100) / 100 })}
        </span>
      )}
    </>
  );
}
