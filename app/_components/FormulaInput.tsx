'use client';

import { useMemo, useState } from 'react';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import type { QuizQuestionDTO } from '../../lib/site/quiz-dto';
import { loadExpr, loadKatex, useLazyModule } from './lazy-math';

/**
 * The answer box of a formula question: the names it may use (with shapes for matrix questions),
 * the text field, and a live KaTeX preview computed in the browser by the grader's own parser, so
 * what the preview accepts is what the grader reads. A problem is shown with its column marked.
 * The parser and KaTeX load when the field is first used (or holds a saved answer).
 */
export function FormulaInput({
  question,
  value,
  onChange,
  locale,
  t,
  disabled,
  invalid,
  describedBy,
}: {
  question: QuizQuestionDTO;
  value: string;
  onChange(value: string): void;
  locale: Locale;
  t: Messages['quiz'];
  disabled?: boolean;
  /** The answer was refused as unreadable ("fix this answer"). */
  invalid?: boolean;
  /** Ids of more descriptions, e.g. the "fix this answer" note. */
  describedBy?: string;
}) {
  const id = `answer-${question.id}`;
  const [used, setUsed] = useState(false);
  const wanted = used || value.trim() !== '';
  const expr = useLazyModule(loadExpr, wanted);
  const katex = useLazyModule(loadKatex, wanted);
  const preview = useMemo(
    () => (value.trim() === '' || !expr ? null : expr.previewExpression(value, question.context, locale)),
    [expr, value, question.context, locale],
  );
  const loading = value.trim() !== '' && !expr;
  const symbols = question.symbols ?? [];
  const isMatrix = question.type === 'matrix';

  return (
    <div className="formula">
      {symbols.length > 0 && (
        <div className="formula-names">
          <p className="label" id={`${id}-names`}>
            {isMatrix ? t.symbols : t.variables}
          </p>
          <ul className="symbol-list" aria-labelledby={`${id}-names`} data-testid="symbols">
            {symbols.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code> <span dangerouslySetInnerHTML={{ __html: s.html }} />
                {s.shape && <span className="shape"> · {s.shape}</span>}
              </li>
            ))}
          </ul>
          {(question.functions?.length ?? 0) > 0 && (
            <p className="small muted">
              {t.functions}: {question.functions!.map((f) => `${f}(…)`).join(', ')}
            </p>
          )}
          {question.mustUse && <p className="small">{format(t.mustUse, { names: question.mustUse.join(', ') })}</p>}
        </div>
      )}
      <label htmlFor={id} className="label">
        {t.formulaLabel}
      </label>
      <input
        id={id}
        name={question.id}
        type="text"
        className="formula-field"
        value={value}
        maxLength={500}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        disabled={disabled}
        aria-invalid={invalid || (preview !== null && 'error' in preview)}
        aria-describedby={`prompt-${question.id} ${id}-help ${id}-preview${describedBy ? ` ${describedBy}` : ''}`}
        onFocus={() => setUsed(true)}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="small muted" id={`${id}-help`}>
        {t.formulaHelp}
        {isMatrix && (
          <>
            {' '}
            <span data-testid="precedence-help">{t.precedenceHelp}</span>
          </>
        )}
      </p>
      <div
        className="formula-preview"
        id={`${id}-preview`}
        aria-live="polite"
        data-testid="preview"
        data-state={loading ? 'loading' : preview === null ? 'empty' : 'error' in preview ? 'error' : 'ok'}
        data-unreadable={preview !== null && 'error' in preview && preview.unreadable ? 'true' : undefined}
      >
        <span className="label">{t.preview}</span>
        {loading ? (
          <span className="muted"> {t.previewLoading}</span>
        ) : preview === null ? (
          <span className="muted"> {t.previewEmpty}</span>
        ) : 'error' in preview ? (
          <div className="preview-error">
            <p>{preview.column === undefined ? preview.error : format(t.previewError, { column: preview.column, message: preview.error })}</p>
            {preview.column !== undefined && <ColumnMark text={value} column={preview.column} />}
          </div>
        ) : (
          <div>
            {katex ? (
              <span className="preview-math" dangerouslySetInnerHTML={{ __html: katex.renderToString(preview.tex, { throwOnError: false, displayMode: false }) }} />
            ) : (
              <code className="preview-math">{value}</code>
            )}
            {preview.shape && <p className="small muted" data-testid="preview-shape">{format(t.previewShape, { shape: `${preview.shape[0]}×${preview.shape[1]}` })}</p>}
          </div>
        )}
      </div>
    </div>
  );
}

/** The typed text with the character at `column` (1-based) marked; past the end, a marked space. */
function ColumnMark({ text, column }: { text: string; column: number }) {
  const i = Math.max(0, Math.min(column - 1, text.length));
  return (
    <pre className="column-mark" aria-hidden="true">
      {text.slice(0, i)}
      <mark>{text.slice(i, i + 1) || ' '}</mark>
      {text.slice(i + 1)}
    </pre>
  );
}
