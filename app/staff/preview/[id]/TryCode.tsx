'use client';

import { useState } from 'react';
import type { GradingResult } from '../../../../grader/results';
import type { Messages } from '../../../../lib/i18n/catalog';
import { format } from '../../../../lib/i18n/format';
import { Feedback } from '../../../_components/Feedback';

/** Paste code, grade it with every check; nothing is recorded (POST /api/staff/try). */
export function TryCode({ exerciseId, starter, t }: { exerciseId: string; starter: string; t: { preview: Messages['course']['preview']; locale: Messages['locale']; feedback: Messages['feedback']; grader: Messages['grader'] } }) {
  const [code, setCode] = useState(starter);
  const [result, setResult] = useState<GradingResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  async function run() {
    setRunning(true);
    setError(null);
    try {
      const res = await fetch('/api/staff/try', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exerciseId, code }) });
      const body = (await res.json()) as { result?: GradingResult; error?: string };
      if (res.ok && body.result) setResult(body.result);
      else setError(format(t.preview.failed, { reason: body.error ?? String(res.status) }));
    } catch (err) {
      setError(format(t.preview.failed, { reason: (err as Error).message }));
    } finally {
      setRunning(false);
    }
  }
  return (
    <section aria-labelledby="try-title" data-testid="try-code">
      <h2 id="try-title">{t.preview.tryTitle}</h2>
      <p className="muted">{t.preview.tryIntro}</p>
      <textarea className="try-code" value={code} onChange={(e) => setCode(e.target.value)} spellCheck={false} aria-label={t.preview.tryTitle} />
      <p className="staff-actions">
        <button type="button" className="primary" onClick={run} disabled={running}>
          {running ? t.preview.running : t.preview.run}
        </button>
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && <Feedback result={result} t={t.feedback} messages={t} />}
    </section>
  );
}
