import type { ReactNode } from 'react';
import type { CheckResult, GradingResult, Mismatch } from '../../grader/results';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { GraphFeedback, GraphSummaryLine } from './graph/GraphFeedback';
import { shown } from '../../lib/i18n/message';
import { Heatmap } from './Heatmap';
import { MathValue } from './MathValue';
import { formatNumber, formatRelError, percent } from './numbers';
import { Plot } from './Plot';

/** A type error the editor showed when the code was sent: listed as a warning, never scored. */
export interface TypeWarning {
  line: number;
  column: number;
  message: string;
}

/** The catalogue areas a stored result's messages come from, in the reader's language. */
export type FeedbackMessages = Pick<Messages, 'locale' | 'feedback' | 'grader'>;

export interface FeedbackProps {
  result: GradingResult;
  t: Messages['feedback'];
  /** Renders the result's stored message keys in the reader's language (old results: stored text). */
  messages: FeedbackMessages;
  onShowLine?(line: number, column?: number): void;
  typeWarnings?: TypeWarning[];
}

/**
 * One grading, readable at a glance: first a summary (verdict and score, what is wrong in one
 * sentence, the catalogued hint once), then one compact line per check. A check's details (input
 * as mathematics, expected against got, heatmaps, plot) open on demand; the first failing check's
 * are open.
 */
export function Feedback({ result, t, messages, onShowLine, typeWarnings }: FeedbackProps) {
  const explanation = result.status in t.explain ? t.explain[result.status as keyof Messages['feedback']['explain']] : null;
  const firstFailed = result.checks.find((c) => !c.passed && c.message);
  const headline = firstFailed && shown(firstFailed.messageI18n, firstFailed.message, messages);
  const summary = shown(result.summaryI18n, result.summary, messages);
  const found = result.checks.find((c) => !c.passed && c.mistake)?.mistake;
  const hint = found && shown(found.hintI18n, found.hint, messages);
  return (
    <div className={`feedback status-${result.status}`} data-status={result.status}>
      <div className="feedback-summary" data-testid="feedback-summary">
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
          {summary}
        </p>
        {headline && headline !== summary && (
          <p className="what-is-wrong" data-testid="what-is-wrong">
            <span className="sr-only">{t.whatIsWrong}</span>
            {headline}
          </p>
        )}
        {hint && (
          <div className="hint" role="note" data-testid="hint">
            <strong>{t.hint}:</strong> {hint}
          </div>
        )}
        <GraphSummaryLine checks={result.checks} t={t.graph} />
        {explanation && <p className="explain">{explanation}</p>}
      </div>

      {result.compileErrors.length > 0 && (
        <section aria-label={t.compileErrors} className="error-list">
          <h3>{t.compileErrors}</h3>
          <ul>
            {result.compileErrors.map((e, i) => (
              <li key={i}>
                <LineLink line={e.line} column={e.column} t={t} onShowLine={onShowLine} />: <code>{shown(e.messageI18n, e.message, messages)}</code>
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
            <code>{shown(result.runtimeError.messageI18n, result.runtimeError.message, messages)}</code>
          </p>
        </section>
      )}

      {typeWarnings && typeWarnings.length > 0 && result.compileErrors.length === 0 && (
        <section aria-label={t.typeWarnings} className="type-warnings" data-testid="type-warnings">
          <h3>{t.typeWarnings}</h3>
          <ul>
            {typeWarnings.slice(0, 10).map((w, i) => (
              <li key={i}>
                <LineLink line={w.line} column={w.column} t={t} onShowLine={onShowLine} />: <code>{w.message}</code>
              </li>
            ))}
          </ul>
        </section>
      )}

      {result.checks.length > 0 && (
        <section aria-label={t.checks}>
          <h3>{t.checks}</h3>
          <ol className="checks">
            {result.checks.map((c) => (
              <CheckItem key={c.name} check={c} t={t} messages={messages} open={c === firstFailed} headline={headline} hint={hint} onShowLine={onShowLine} />
            ))}
          </ol>
        </section>
      )}

      <PlotPanel checks={result.checks} t={t} messages={messages} />

      <GraphFeedback checks={result.checks} t={t.graph} />

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

interface CheckItemProps {
  check: CheckResult;
  t: Messages['feedback'];
  messages: FeedbackMessages;
  open: boolean;
  /** The summary's sentence and hint: not repeated inside the check. */
  headline?: string;
  hint?: string;
  onShowLine?: FeedbackProps['onShowLine'];
}

function CheckItem({ check, t, messages, open, headline, hint, onShowLine }: CheckItemProps) {
  const message = shown(check.messageI18n, check.message, messages);
  const mistakeHint = check.mistake && shown(check.mistake.hintI18n, check.mistake.hint, messages);
  const line = (
    <>
      <span className="check-title">
        <span className="check-icon" aria-hidden="true">
          {check.passed ? '✓' : '✗'}
        </span>{' '}
        {shown(check.titleI18n, check.title, messages)}
      </span>
      <span className="sr-only">{check.passed ? t.passed : t.failed}</span>
      <span className="check-meta muted">
        {t.visibility[check.visibility]}
        {!check.passed && check.cases.failed > 0 && <> · {format(t.cases, { failed: check.cases.failed, total: check.cases.total })}</>}
      </span>
      <span className="check-points">
        {round(check.points)} / {round(check.maxPoints)}
      </span>
    </>
  );
  if (check.passed) {
    return (
      <li className="check check-passed" data-check={check.name}>
        <div className="check-head">{line}</div>
      </li>
    );
  }
  return (
    <li className="check check-failed" data-check={check.name}>
      <details open={open} data-testid="check-details">
        <summary className="check-head">{line}</summary>
        <div className="check-detail">
          {message !== headline && <p className="check-message">{message}</p>}
          {mistakeHint && mistakeHint !== hint && (
            <div className="hint" role="note">
              <strong>{t.hint}:</strong> {mistakeHint}
            </div>
          )}
          {check.error?.line !== undefined && (
            <p>
              <LineLink line={check.error.line} column={check.error.column} t={t} onShowLine={onShowLine} />: <code>{shown(check.error.messageI18n, check.error.message, messages)}</code>
            </p>
          )}
          <InputView check={check} t={t} messages={messages} />
          {check.mismatch && <MismatchView m={check.mismatch} t={t} messages={messages} />}
          {check.heatmaps && check.heatmaps.length > 0 && (
            <div className="heatmaps" role="group" aria-label={t.heatmap}>
              <p className="muted small">{t.heatmap}</p>
              {check.heatmaps.map((h, i) => (
                <Heatmap key={i} data={h} t={t} />
              ))}
            </div>
          )}
        </div>
      </details>
    </li>
  );
}

/**
 * Every plotted check as small multiples, one above the other on the same x range: in 4.1 the
 * function and its derivative, each captioned with its check and whether it passed.
 */
function PlotPanel({ checks, t, messages }: { checks: CheckResult[]; t: Messages['feedback']; messages: FeedbackMessages }) {
  const plotted = checks.filter((c) => c.plot);
  if (plotted.length === 0) return null;
  const xs = plotted.flatMap((c) => [...c.plot!.x, ...(c.plot!.samples?.x ?? [])]).filter(Number.isFinite);
  const xDomain: [number, number] = [Math.min(...xs), Math.max(...xs)];
  return (
    <section aria-label={t.plotsTitle} className="plots" data-testid="plots">
      <h3>{t.plotsTitle}</h3>
      <p className="muted small">{t.plotsNote}</p>
      {plotted.map((c) => (
        <Plot key={c.name} data={c.plot!} t={t} xDomain={xDomain} caption={`${c.passed ? '✓' : '✗'} ${shown(c.titleI18n, c.title, messages)}`} check={c.name} />
      ))}
    </section>
  );
}

function InputView({ check, t, messages }: { check: CheckResult; t: Messages['feedback']; messages: FeedbackMessages }) {
  if (check.input === undefined) return check.visibility === 'secret' ? <p className="muted small">{t.secretInput}</p> : null;
  return (
    <div className="input-view" data-testid="input">
      <span className="label">{t.input}</span> <span className="input-text">{shown(check.inputI18n, check.input, messages)}</span>
      {check.inputParts && (
        <div className="math-parts">
          {check.inputParts.map((p, i) =>
            typeof p.value === 'string' ? (
              <div key={i} className="math-value">
                <span className="math-name">{p.name} =</span> <code>{p.value}</code>
              </div>
            ) : (
              <MathValue key={i} name={p.name} value={p.value} />
            ),
          )}
        </div>
      )}
    </div>
  );
}

function MismatchView({ m, t, messages }: { m: Mismatch; t: Messages['feedback']; messages: FeedbackMessages }) {
  return (
    <>
      <dl className="mismatch">
        {m.where && m.where.path.length > 0 && <Pair term={t.where} testid="where" value={shown(m.where.labelI18n, m.where.label, messages)} />}
        {m.expected !== undefined && <Pair term={t.expected} value={<code>{m.expectedText ?? formatNumber(m.expected)}</code>} />}
        {m.got !== undefined && <Pair term={t.got} value={<code>{m.gotText ?? formatNumber(m.got)}</code>} />}
        {m.numeric !== undefined && <Pair term={t.numeric} value={<code>{formatNumber(m.numeric)}</code>} />}
        {m.relError !== undefined && <Pair term={t.relError} value={formatRelError(m.relError)} />}
      </dl>
      {m.block && (
        <div className="answer-block" role="group" aria-label={format(t.answerBlock, { name: m.block.name })}>
          <p className="muted small">{format(t.answerBlock, { name: m.block.name })}</p>
          <div className="math-parts">
            <MathValue name={t.plotExpected} value={m.block.expected} mark={m.block.index} markText={m.expectedText} />
            <MathValue name={t.plotGot} value={m.block.got} mark={m.block.index} markText={m.gotText} />
          </div>
        </div>
      )}
    </>
  );
}

/** One term of the mismatch list: the pairs flow in a line and wrap, instead of a tall table. */
function Pair({ term, value, testid }: { term: string; value: ReactNode; testid?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testid}>{value}</dd>
    </div>
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
