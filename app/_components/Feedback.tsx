import type { CheckResult, GradingResult } from '../../grader/results';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { Heatmap } from './Heatmap';
import { formatNumber, formatRelError, percent } from './numbers';
import { Plot } from './Plot';

export interface FeedbackProps {
  result: GradingResult;
  t: Messages['feedback'];
  onShowLine?(line: number, column?: number): void;
}

/**
 * One grading, explained: the verdict and score, what the student should look at first (compile
 * and runtime errors point at lines), then every check — for a failure the input, expected against
 * got, where, by how much, a heatmap or a plot, and the hint for a known mistake.
 */
export function Feedback({ result, t, onShowLine }: FeedbackProps) {
  const explanation = result.status in t.explain ? t.explain[result.status as keyof Messages['feedback']['explain']] : null;
  return (
    <div className={`feedback status-${result.status}`} data-status={result.status}>
      <div className="feedback-head">
        <span className={`verdict verdict-${result.status === 'passed' ? 'ok' : 'bad'}`}>{t.status[result.status]}</span>
        <span className="score" data-testid="score">
          {percent(result.score)}
        </span>
        <span className="muted">
          {format(t.pointsOf, { points: round(result.points), max: round(result.maxPoints) })} · {result.mode === 'check' ? t.checkRun : t.submitRun}
        </span>
      </div>
      <p className="summary-line" data-testid="summary">
        {result.summary}
      </p>
      {explanation && <p className="explain">{explanation}</p>}

      {result.compileErrors.length > 0 && (
        <section aria-label={t.compileErrors} className="error-list">
          <h3>{t.compileErrors}</h3>
          <ul>
            {result.compileErrors.map((e, i) => (
              <li key={i}>
                <LineLink line={e.line} column={e.column} t={t} onShowLine={onShowLine} />: <code>{e.message}</code>
              </li>
            ))}
          </ul>
        </section>
      )}

      {result.runtimeError && result.status !== 'passed' && result.status !== 'failed' && result.checks.length === 0 && (
        <section className="error-list">
          <h3>{t.runtimeError}</h3>
          <p>
            {result.runtimeError.line !== undefined && (
              <>
                <LineLink line={result.runtimeError.line} column={result.runtimeError.column} t={t} onShowLine={onShowLine} />:{' '}
              </>
            )}
            <code>{result.runtimeError.message}</code>
          </p>
        </section>
      )}

      {result.checks.length > 0 && (
        <section aria-label={t.checks}>
          <h3>{t.checks}</h3>
          <ol className="checks">
            {result.checks.map((c) => (
              <CheckItem key={c.name} check={c} t={t} onShowLine={onShowLine} />
            ))}
          </ol>
        </section>
      )}

      {result.console.text && (
        <section className="console">
          <h3>{t.console}</h3>
          <pre>{result.console.text}</pre>
          {result.console.truncated && <p className="muted small">{t.consoleTruncated}</p>}
        </section>
      )}
      <p className="muted small">{format(t.gradedIn, { ms: Math.round(result.timeMs) })}</p>
    </div>
  );
}

function CheckItem({ check, t, onShowLine }: { check: CheckResult; t: Messages['feedback']; onShowLine?: FeedbackProps['onShowLine'] }) {
  const m = check.mismatch;
  return (
    <li className={`check ${check.passed ? 'check-passed' : 'check-failed'}`} data-check={check.name}>
      <div className="check-head">
        <span className="check-icon" aria-hidden="true">
          {check.passed ? '✓' : '✗'}
        </span>
        <span className="check-title">{check.title}</span>
        <span className="sr-only">{check.passed ? t.passed : t.failed}</span>
        <span className="check-points">
          {round(check.points)} / {round(check.maxPoints)}
        </span>
        <span className="tag">{t.visibility[check.visibility]}</span>
      </div>
      <p className="check-message">{check.message}</p>
      {!check.passed && (
        <div className="check-detail">
          {check.mistake && (
            <div className="hint" role="note">
              <strong>{t.hint}:</strong> {check.mistake.hint}
            </div>
          )}
          {check.error?.line !== undefined && (
            <p>
              <LineLink line={check.error.line} column={check.error.column} t={t} onShowLine={onShowLine} />: <code>{check.error.message}</code>
            </p>
          )}
          {check.input !== undefined ? (
            <div>
              <span className="label">{t.input}</span>
              <pre className="input">{check.input}</pre>
            </div>
          ) : check.visibility === 'secret' ? (
            <p className="muted small">{t.secretInput}</p>
          ) : null}
          {m && (
            <dl className="mismatch">
              {m.where && (
                <>
                  <dt>{t.where}</dt>
                  <dd data-testid="where">{m.where.label}</dd>
                </>
              )}
              {m.expected !== undefined && (
                <>
                  <dt>{t.expected}</dt>
                  <dd>
                    <code>{formatNumber(m.expected)}</code>
                  </dd>
                </>
              )}
              {m.got !== undefined && (
                <>
                  <dt>{t.got}</dt>
                  <dd>
                    <code>{formatNumber(m.got)}</code>
                  </dd>
                </>
              )}
              {m.numeric !== undefined && (
                <>
                  <dt>{t.numeric}</dt>
                  <dd>
                    <code>{formatNumber(m.numeric)}</code>
                  </dd>
                </>
              )}
              {m.relError !== undefined && (
                <>
                  <dt>{t.relError}</dt>
                  <dd>{formatRelError(m.relError)}</dd>
                </>
              )}
            </dl>
          )}
          {check.heatmaps && check.heatmaps.length > 0 && (
            <div className="heatmaps" aria-label={t.heatmap}>
              <p className="muted small">{t.heatmap}</p>
              {check.heatmaps.map((h, i) => (
                <Heatmap key={i} data={h} t={t} />
              ))}
            </div>
          )}
          {check.plot && <Plot data={check.plot} t={t} />}
        </div>
      )}
    </li>
  );
}

function LineLink({ line, column, t, onShowLine }: { line: number; column?: number; t: Messages['feedback']; onShowLine?: FeedbackProps['onShowLine'] }) {
  const label = column !== undefined ? format(t.lineColumn, { line, column }) : format(t.line, { line });
  if (!onShowLine) return <span>{label}</span>;
  return (
    <button type="button" className="link-button" onClick={() => onShowLine(line, column)} title={t.showInEditor}>
      {label}
    </button>
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
