'use client';

import { useCallback, useState } from 'react';
import type { GradingResult } from '../../../grader/results';
import type { SubmissionDTO } from '../../../lib/site/dto';

/** What the feedback panel shows: this page's Check or Submit, or an attempt from the history. */
export type Shown = { kind: 'check' | 'submit'; result: GradingResult } | { kind: 'attempt'; submission: SubmissionDTO; last?: boolean };

export function resultOf(shown: Shown | null): GradingResult | null {
  return shown === null ? null : shown.kind === 'attempt' ? shown.submission.result : shown.result;
}

/**
 * The feedback in the panel, and its markers in the editor kept in step with it. The latest graded
 * attempt opens there when the student comes back to the exercise.
 */
export function useShownFeedback(lastAttempt: SubmissionDTO | null | undefined, showMarkers: (result: GradingResult | null) => void) {
  const [shown, setShown] = useState<Shown | null>(lastAttempt ? { kind: 'attempt', submission: lastAttempt, last: true } : null);

  const show = useCallback(
    (s: Shown | null) => {
      setShown(s);
      showMarkers(resultOf(s));
    },
    [showMarkers],
  );

  return { shown, show };
}
