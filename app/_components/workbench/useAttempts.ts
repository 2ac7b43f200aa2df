'use client';

import { useState } from 'react';
import type { AttemptDTO, SubmissionDTO } from '../../../lib/site/dto';

/**
 * The student's attempts at this exercise (the history table): refreshed after each submission,
 * and opened one at a time into the feedback panel.
 */
export function useAttempts(o: { exerciseId: string; initial: AttemptDTO[]; failed(status: number): void; onOpened(submission: SubmissionDTO): void }) {
  const { exerciseId } = o;
  const [attempts, setAttempts] = useState(o.initial);

  async function refresh() {
    try {
      const res = await fetch(`/api/submissions?exercise=${encodeURIComponent(exerciseId)}`);
      if (res.ok) setAttempts(((await res.json()) as { attempts: AttemptDTO[] }).attempts);
    } catch {
      // the list refreshes on the next submission
    }
  }

  async function open(id: string) {
    try {
      const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`);
      if (!res.ok) return o.failed(res.status);
      const { submission } = (await res.json()) as { submission: SubmissionDTO };
      o.onOpened(submission);
    } catch {
      o.failed(0);
    }
  }

  return { attempts, refresh, open };
}
