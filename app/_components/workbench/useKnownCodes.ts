'use client';

import { useState } from 'react';

/**
 * Code the student has recorded or looked at in an attempt: replacing the editor's code with an
 * attempt loses nothing when the current code is one of these. A set that lives as long as the page.
 */
export function useKnownCodes(starter: string, lastAttemptCode: string | undefined): Set<string> {
  const [known] = useState(() => new Set<string>([starter, ...(lastAttemptCode !== undefined ? [lastAttemptCode] : [])]));
  return known;
}
