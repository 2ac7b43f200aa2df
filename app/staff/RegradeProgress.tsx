'use client';

import { useEffect, useState } from 'react';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import type { RegradeRunDTO } from '../../lib/staff/regrade';

/** A run's progress bar, polled once a second until the run is no longer running. */
export function RegradeProgress({ runId, initial, t }: { runId: string; initial?: RegradeRunDTO; t: Messages['course']['regrade'] }) {
  const [run, setRun] = useState<RegradeRunDTO | undefined>(initial);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/staff/regrade/${runId}`, { cache: 'no-store' });
        if (res.ok) {
          const next = ((await res.json()) as { run: RegradeRunDTO }).run;
          if (!stop) setRun(next);
          if (next.status !== 'running') return;
        }
      } catch {
        // try again on the next tick
      }
      if (!stop) timer = setTimeout(poll, 1000);
    };
    if (initial?.status !== 'done' && initial?.status !== 'failed') void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [runId, initial?.status]);
  const done = run?.done ?? 0;
  const total = run?.total ?? 0;
  return (
    <span className="regrade-progress" data-testid="regrade-progress" data-status={run?.status ?? 'running'}>
      <span className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <span style={{ width: `${total > 0 ? (100 * done) / total : run?.status === 'done' ? 100 : 0}%` }} />
      </span>{' '}
      {format(t.progress, { done, total })} · {t.status[run?.status ?? 'running']}
      {run?.error && <span className="form-error"> {run.error}</span>}
    </span>
  );
}
