import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';

/** After a pass: on to the next exercise, or back to the section list after the last one. */
export function NextExerciseLink({ next, t }: { next: { id: string; title: string } | null | undefined; t: Messages['workbench'] }) {
  return (
    <p className="next-exercise" data-testid="next-exercise">
      {next ? (
        <a href={`/exercises/${next.id}`}>{format(t.nextExercise, { title: next.title })} →</a>
      ) : (
        <a href="/">{t.sectionDone} →</a>
      )}
    </p>
  );
}
