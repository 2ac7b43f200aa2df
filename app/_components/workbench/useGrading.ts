'use client';

import { useRef, useState } from 'react';
import type { GradingResult } from '../../../grader/results';
import type { Messages } from '../../../lib/i18n/catalog';
import type { SubmissionDTO } from '../../../lib/site/dto';
import type { TypeWarning } from '../Feedback';
import { newKey, pollUntilGraded, sleep, studentReason } from './submissionRequests';

export type Phase = 'idle' | 'checking' | 'submitting' | 'waiting';

export interface GradingOptions {
  exerciseId: string;
  userId: string | null;
  t: Messages['exercise'];
  /** The code on screen, or null while no editor is live. */
  visibleCode(): string | null;
  /** The editor's type errors at the moment the code is sent. */
  readTypeWarnings(): TypeWarning[];
  /** Saves the draft at once (a submission is also the newest draft). */
  saveNow(): Promise<void>;
  /** Code the student has recorded: a submitted code joins it. */
  knownCodes: Set<string>;
  setNotice(notice: string | null): void;
  failed(status: number, reason?: string): void;
  /** A Check or a Submit came back with its verdict. */
  onGraded(kind: 'check' | 'submit', result: GradingResult): void;
  /** A submission was recorded (graded or not): the attempt list has a new row. */
  onRecorded(): void;
}

/**
 * Check (graded, not recorded) and Submit (recorded, then graded; the page waits for the verdict),
 * one at a time. A Submit retries a failed request with the same idempotency key.
 */
export function useGrading(o: GradingOptions) {
  const { exerciseId, userId, t } = o;
  const phaseRef = useRef<Phase>('idle');
  const [phase, setPhaseState] = useState<Phase>('idle');
  // The editor's type errors when the code was sent, shown in the feedback as warnings.
  const [typeWarnings, setTypeWarnings] = useState<TypeWarning[]>([]);

  const setPhase = (p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  };

  async function check() {
    if (phaseRef.current !== 'idle') return;
    if (!userId) return o.setNotice(t.signInToSubmit);
    const code = o.visibleCode();
    if (code === null) return;
    setPhase('checking');
    setTypeWarnings(o.readTypeWarnings());
    o.setNotice(null);
    try {
      const res = await fetch('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ exerciseId, code }),
      });
      if (!res.ok) o.failed(res.status, await studentReason(res));
      else o.onGraded('check', ((await res.json()) as { result: GradingResult }).result);
    } catch {
      o.failed(0);
    }
    setPhase('idle');
  }

  async function submit() {
    if (phaseRef.current !== 'idle') return;
    if (!userId) return o.setNotice(t.signInToSubmit);
    const code = o.visibleCode();
    if (code === null) return;
    setPhase('submitting');
    setTypeWarnings(o.readTypeWarnings());
    o.setNotice(null);
    void o.saveNow();
    o.knownCodes.add(code);
    // One key per press: a retry after a network error, or a second click, is the same submission.
    const body = JSON.stringify({ exerciseId, code, idempotencyKey: newKey() });
    let res: Response | undefined;
    for (let attempt = 0; attempt < 3 && !res; attempt++) {
      try {
        res = await fetch('/api/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      } catch {
        await sleep(400 * (attempt + 1));
      }
    }
    try {
      if (!res || (res.status !== 200 && res.status !== 202)) {
        o.failed(res?.status ?? 0, res && (await studentReason(res)));
        return;
      }
      let submission = ((await res.json()) as { submission: SubmissionDTO }).submission;
      if (!submission.result) {
        setPhase('waiting');
        submission = await pollUntilGraded(submission.id);
      }
      if (submission.result) o.onGraded('submit', submission.result);
      o.onRecorded();
    } catch {
      o.failed(0);
    } finally {
      setPhase('idle');
    }
  }

  return { phase, typeWarnings, check, submit };
}
