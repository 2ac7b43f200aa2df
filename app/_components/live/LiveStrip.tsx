'use client';

import type { Messages, Locale } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { LiveExamples } from '../../../lib/live/types';
import { diffText, type useLiveChecks } from './useLiveChecks';

/**
 * The compact strip beside the editor: one ✓/✗ per example from the statement and the first
 * difference, updated while the student types (useLiveChecks). Never a grade: Submit grades.
 */
export function LiveStrip({ live, examples, locale, t }: { live: ReturnType<typeof useLiveChecks>; examples: LiveExamples; locale: Locale; t: Messages['live'] }) {
  const { state, enabled } = live;
  const shownResults = state.kind === 'results' ? state.results : state.kind === 'running' ? state.previous : null;
  const cases = examples.checks.flatMap((c) => c.cases.map((k, index) => ({ check: c.name, index, label: k.label?.[locale] ?? `#${index + 1}` })));
  const firstFail = shownResults?.find((r) => !r.ok);
  const passedCount = shownResults?.filter((r) => r.ok).length ?? 0;

  let message: string | null = null;
  if (!enabled) message = t.off;
  else if (!live.attached) message = t.unavailable;
  else if (state.kind === 'waiting') message = t.waiting;
  else if (state.kind === 'compile') message = format(t.compileError, { line: state.line });
  else if (state.kind === 'load-error') message = format(t.loadError, { error: state.error });
  else if (state.kind === 'timeout') message = format(t.timeout, { ms: state.ms });

  return (
    <section
      className="live-strip"
      aria-label={t.title}
      data-testid="live-strip"
      data-state={enabled ? state.kind : 'off'}
      data-latency={live.latency === null ? '' : live.latency.toFixed(1)}
      data-version={live.shownVersion ?? ''}
    >
      <div className="live-head">
        <span className="live-title">{t.title}</span>
        <label className="live-toggle small" title={t.toggleHelp}>
          <input type="checkbox" checked={enabled} onChange={(e) => live.setEnabled(e.target.checked)} data-testid="live-toggle" /> {t.toggle}
        </label>
      </div>
      {enabled && shownResults && (
        <div className={state.kind === 'running' ? 'live-results stale' : 'live-results'} role="status" aria-live="polite">
          <span className="sr-only">{format(t.passed, { n: passedCount, total: shownResults.length })}</span>
          <ul className="live-cases" aria-hidden="true">
            {cases.map((c) => {
              const r = shownResults.find((x) => x.check === c.check && x.index === c.index);
              return (
                <li key={`${c.check}-${c.index}`} className={r?.ok ? 'ok' : 'bad'} data-testid="live-case" data-ok={r?.ok ? 'true' : 'false'} title={r && !r.ok ? diffText(r, t) : undefined}>
                  {r?.ok ? '✓' : '✗'} {c.label}
                </li>
              );
            })}
          </ul>
          {firstFail && (
            <p className="live-diff small" data-testid="live-diff">
              {cases.find((c) => c.check === firstFail.check && c.index === firstFail.index)?.label}: {diffText(firstFail, t)}
            </p>
          )}
        </div>
      )}
      {message && (
        <p className={state.kind === 'timeout' || state.kind === 'load-error' ? 'live-message form-error small' : 'live-message muted small'} role="status" data-testid="live-message">
          {message}
        </p>
      )}
    </section>
  );
}
