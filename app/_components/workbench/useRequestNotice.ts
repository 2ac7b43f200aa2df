'use client';

import { useCallback, useState } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';

/** The one sentence above the feedback when a request did not go through (or the student must sign in). */
export function useRequestNotice(t: Messages['exercise']) {
  const [notice, setNotice] = useState<string | null>(null);

  const failed = useCallback(
    (status: number, reason?: string) => {
      // 403, 413 and 429 carry a sentence for the student in their language (not open yet, code too
      // long, too many Checks a minute); the others get ours.
      if (reason) setNotice(reason);
      else if (status === 401) setNotice(t.sessionExpired);
      else if (status === 503 || status === 429) setNotice(t.busy);
      else setNotice(t.networkError);
    },
    [t],
  );

  return { notice, setNotice, failed };
}
