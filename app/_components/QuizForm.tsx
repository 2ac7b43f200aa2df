'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import type { QuizAnswer, QuizAttemptDTO, QuizAttemptSummaryDTO, QuizPageDTO, QuizQuestionDTO, QuizQuestionResultDTO } from '../../lib/site/quiz-dto';
import { marksText, notSentMessage, unansweredText } from '../../lib/site/quiz-text';
import { FormulaInput } from './FormulaInput';
import { useTimeFormat } from './History';
import { ScoreTags } from './ScoreTags';
import { loadExpr, useLazyModule } from './lazy-math';

export interface QuizFormProps {
  quiz: QuizPageDTO;
  /** The signed-in student's id (scopes the browser's draft), or null for a visitor. */
  userId: string | null;
  last: QuizAttemptDTO | null;
  attempts: QuizAttemptSummaryDTO[];
  locale: Locale;
  t: Messages['quiz'];
  /** "set by staff" and "late" tags of the history, as on exercise pages. */
  grades: Messages['grades'];
}

type Answers = Record<string, QuizAnswer>;
/** Questions whose answer cannot be read: question id → why, in the page's language. */
type FixList = Record<string, string>;
/** What the server says when it refuses answers that cannot be read (nothing was recorded). */
type UnreadableReply = { questionId: string; message: string; column?: number }[];

/**
 * The answering half of a quiz page. Answers start from the last attempt; anything typed since is
 * kept in localStorage at every change, so a reload or an expired session loses nothing. Submit
 * sends every answer at once; the server grades and records, and its verdicts appear under each
 * question. Answers that cannot be read ("1/", "0,25") are not sent: each is marked "fix this
 * answer" and nothing is spent (the server refuses them too, with the same marks).
 */
export function QuizForm({ quiz, userId, last, locale, t, grades, ...props }: QuizFormProps) {
  const storageKey = `deltalab:quiz:${userId ?? 'anonymous'}:${quiz.id}`;
  const [answers, setAnswers] = useState<Answers>(last?.answers ?? {});
  const [shown, setShown] = useState<QuizAttemptDTO | null>(last);
  const [attempts, setAttempts] = useState(props.attempts);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(last ? t.lastRestored : null);
  const [fix, setFix] = useState<FixList>({});
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const time = useTimeFormat(locale);

  // Unsent answers typed in this browser after the last attempt win over that attempt's answers.
  const lastAt = last?.createdAt ?? 0;
  const restoredNotice = t.draftRestored;
  useEffect(() => {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as { answers?: unknown; t?: unknown } | null;
      if (stored && typeof stored.t === 'number' && stored.t > lastAt && isAnswers(stored.answers)) {
        // Browser storage can only be read after hydration (the server rendered the last attempt's
        // answers, and the first render here must match them); this runs once per quiz and student.
        // eslint-disable-next-line react-hooks/set-state-in-effect -- see the two lines above
        setAnswers(stored.answers);
        setNotice(restoredNotice);
      }
    } catch {
      // storage unavailable or corrupt: the last attempt stands
    }
  }, [storageKey, lastAt, restoredNotice]);

  function setAnswer(id: string, value: QuizAnswer) {
    // An edited answer is no longer the one that was refused; its live check takes over.
    setFix((prev) => {
      if (!(id in prev)) return prev;
      const next = { ...prev };
      delete next[id];
      return next;
    });
    setAnswers((prev) => {
      const next = { ...prev, [id]: value };
      try {
        localStorage.setItem(storageKey, JSON.stringify({ answers: next, t: Date.now() }));
      } catch {
        // quota or privacy mode: the answers stay on the page until submitted
      }
      return next;
    });
  }

  /** Marks the unreadable answers, says that nothing was sent, and moves focus to the first one. */
  function refuse(list: UnreadableReply) {
    setFix(Object.fromEntries(list.map((u) => [u.questionId, u.message])));
    const numbers = list.map((u) => quiz.questions.findIndex((q) => q.id === u.questionId) + 1).filter((n) => n > 0);
    setNotice(notSentMessage(t, numbers));
    requestAnimationFrame(() => {
      const first = list[0] && formRef.current?.querySelector<HTMLElement>(`li[data-question="${CSS.escape(list[0].questionId)}"] input`);
      first?.focus();
    });
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy || !userId) return;
    setBusy(true);
    setNotice(null);
    try {
      const local = unreadable(await loadExpr(), quiz.questions, answers, locale);
      if (local.length > 0) {
        refuse(local);
        return;
      }
      const res = await fetch(`/api/quizzes/${encodeURIComponent(quiz.id)}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: sendable(quiz.questions, answers) }),
      });
      const body = (await res.json().catch(() => ({}))) as { attempt?: QuizAttemptDTO; error?: string; unreadable?: UnreadableReply };
      if (res.status === 400 && body.unreadable && body.unreadable.length > 0) refuse(body.unreadable);
      else if (res.status === 401) setNotice(t.sessionExpired);
      else if (res.status === 429) setNotice(t.tooMany);
      else if (!res.ok || !body.attempt) setNotice(format(t.refused, { reason: body.error ?? String(res.status) }));
      else {
        const attempt = body.attempt;
        setFix({});
        setShown(attempt);
        setAttempts((prev) => [attempt, ...prev]);
        try {
          localStorage.removeItem(storageKey);
        } catch {
          // nothing to clean up
        }
        requestAnimationFrame(() => resultRef.current?.focus());
      }
    } catch {
      setNotice(t.networkError);
    } finally {
      setBusy(false);
    }
  }

  async function showAttempt(id: string) {
    try {
      const res = await fetch(`/api/quiz-attempts/${encodeURIComponent(id)}`);
      const body = (await res.json()) as { attempt?: QuizAttemptDTO };
      if (!res.ok || !body.attempt) throw new Error(String(res.status));
      setShown(body.attempt);
      setAnswers(body.attempt.answers);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch {
      setNotice(t.networkError);
    }
  }

  const results = new Map((shown?.results ?? []).map((r) => [r.questionId, r]));
  const unanswered = quiz.questions.filter((q) => isBlank(answers[q.id])).length;
  const fixCount = Object.keys(fix).length;

  return (
    <div className="quiz-body">
      {notice && (
        <p className="notice small" role="status" data-testid="quiz-notice">
          {notice}
        </p>
      )}
      {shown && (
        <div className="quiz-summary" ref={resultRef} tabIndex={-1} data-testid="quiz-result" aria-live="polite">
          <span className="label">{format(t.result, { time: time(shown.createdAt) })}</span>{' '}
          <span className="score" data-testid="quiz-score">
            {Math.round(shown.score * 100)}%
          </span>{' '}
          <span className="muted">{marksText(t, round(shown.points), round(shown.maxPoints))}</span>{' '}
          <span className="muted" data-testid="quiz-course-points">
            · {format(t.coursePoints, { points: round(shown.score * quiz.points), max: quiz.points })}
          </span>
        </div>
      )}
      <form className="quiz-form" onSubmit={onSubmit} noValidate ref={formRef}>
        <ol className="questions">
          {quiz.questions.map((q, i) => (
            <li key={q.id} className={`question${fix[q.id] ? ' needs-fix' : ''}`} data-question={q.id} data-type={q.type} data-fix={fix[q.id] ? 'true' : undefined}>
              <QuestionBlock question={q} n={i + 1} value={answers[q.id]} onChange={(v) => setAnswer(q.id, v)} result={results.get(q.id)} fix={fix[q.id]} locale={locale} t={t} disabled={busy} />
            </li>
          ))}
        </ol>
        <div className="actions">
          {userId ? (
            <>
              <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
                {busy ? t.submitting : t.submit}
              </button>
              {unanswered > 0 && <span className="small muted">{unansweredText(t, unanswered)}</span>}
              {fixCount > 0 && (
                <span className="small fix-count" data-testid="fix-count">
                  {notSentMessage(t, quiz.questions.flatMap((q, i) => (fix[q.id] ? [i + 1] : [])))}
                </span>
              )}
            </>
          ) : (
            <p className="notice">
              <a href={`/sign-in?next=${encodeURIComponent(`/quizzes/${quiz.id}`)}`}>{t.signInToSubmit}</a>
            </p>
          )}
        </div>
      </form>
      {userId && (
        <section className="history quiz-history" aria-labelledby="quiz-history-title">
          <h2 id="quiz-history-title">{t.history}</h2>
          {attempts.length === 0 ? (
            <p className="muted">{t.historyEmpty}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.when}</th>
                  <th scope="col">{t.score}</th>
                  <th scope="col">{t.pointsHeader}</th>
                  <th scope="col">
                    <span className="sr-only">{t.show}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id} data-attempt={a.id} aria-current={a.id === shown?.id ? 'true' : undefined}>
                    <td>
                      <time dateTime={new Date(a.createdAt).toISOString()}>{time(a.createdAt)}</time>
                    </td>
                    <td>
                      {/* What the attempt counts with now (an override, a regrade, a late factor); the points column keeps the grading's. */}
                      {Math.round((a.countedScore ?? a.score) * 100)}%
                      <ScoreTags override={a.override} lateFactor={a.late ? a.late.factor : null} grades={grades} />
                    </td>
                    <td>{marksText(t, round(a.points), round(a.maxPoints))}</td>
                    <td>
                      {a.id === shown?.id ? (
                        <span className="small muted">{t.showing}</span>
                      ) : (
                        <button type="button" className="link-button" onClick={() => void showAttempt(a.id)}>
                          {t.show}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

function QuestionBlock({
  question: q,
  n,
  value,
  onChange,
  result,
  fix,
  locale,
  t,
  disabled,
}: {
  question: QuizQuestionDTO;
  n: number;
  value: QuizAnswer | undefined;
  onChange(v: QuizAnswer): void;
  result: QuizQuestionResultDTO | undefined;
  /** Why the answer was refused as unreadable; shown as "fix this answer". */
  fix: string | undefined;
  locale: Locale;
  t: Messages['quiz'];
  disabled: boolean;
}) {
  const fixId = `fix-${q.id}`;
  const head = (
    <>
      <span className="question-head">
        <span className="question-number">{format(t.question, { n })}</span> <span className="muted small">{q.points === 1 ? t.onePoint : format(t.points, { points: q.points })}</span>
      </span>
      <div className="prose prompt" id={`prompt-${q.id}`} dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
    </>
  );
  let input;
  if (q.type === 'single' || q.type === 'multiple') {
    const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    input = (
      <fieldset className="options" disabled={disabled} aria-describedby={`prompt-${q.id}`}>
        <legend className="small muted">{q.type === 'single' ? t.chooseOne : t.chooseAll}</legend>
        {(q.options ?? []).map((o) => (
          <label key={o.id} className="option">
            <input
              type={q.type === 'single' ? 'radio' : 'checkbox'}
              name={q.id}
              value={o.id}
              checked={chosen.includes(o.id)}
              aria-label={o.label}
              onChange={(e) => {
                if (q.type === 'single') onChange(o.id);
                else onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id));
              }}
            />{' '}
            <span dangerouslySetInnerHTML={{ __html: o.html }} />
          </label>
        ))}
      </fieldset>
    );
  } else if (q.type === 'numeric') {
    input = <NumberInput question={q} value={typeof value === 'string' ? value : ''} onChange={onChange} locale={locale} t={t} disabled={disabled} invalid={fix !== undefined} describedBy={fix ? fixId : undefined} />;
  } else {
    input = <FormulaInput question={q} value={typeof value === 'string' ? value : ''} onChange={onChange} locale={locale} t={t} disabled={disabled} invalid={fix !== undefined} describedBy={fix ? fixId : undefined} />;
  }
  return (
    <>
      {head}
      {input}
      {fix !== undefined && (
        <p className="fix-answer" id={fixId} data-testid="fix-answer">
          <strong>{t.fixThis}</strong> {format(t.fixThisWhy, { message: fix })}
        </p>
      )}
      {result && <Verdict result={result} t={t} />}
    </>
  );
}

/**
 * A number field. What it holds is checked as it is typed, once the field has been used: an
 * answer that cannot be read as a number ("1/", "0,25") is pointed out before Submit.
 */
function NumberInput({
  question: q,
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
  onChange(v: string): void;
  locale: Locale;
  t: Messages['quiz'];
  disabled: boolean;
  invalid: boolean;
  describedBy: string | undefined;
}) {
  const id = `answer-${q.id}`;
  const [used, setUsed] = useState(false);
  const expr = useLazyModule(loadExpr, used);
  // Once the answer is marked "fix this answer", that note says why; the live line would repeat it.
  const problem = expr && used && !invalid && value.trim() !== '' ? expr.numberProblem(value) : undefined;
  const problemId = `${id}-problem`;
  return (
    <div className="numeric">
      <label htmlFor={id} className="label">
        {t.numberLabel}
      </label>
      <span className="numeric-row">
        <input
          id={id}
          name={q.id}
          aria-describedby={[`prompt-${q.id}`, problem ? problemId : '', describedBy ?? ''].filter(Boolean).join(' ')}
          aria-invalid={invalid || problem !== undefined}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          maxLength={100}
          value={value}
          disabled={disabled}
          onFocus={() => setUsed(true)}
          onChange={(e) => onChange(e.target.value)}
        />
        {q.unitHtml && <span dangerouslySetInnerHTML={{ __html: q.unitHtml }} />}
      </span>
      <p className="number-problem small" id={problemId} aria-live="polite" data-testid="number-problem">
        {problem ? format(t.numberProblem, { message: problem.message[locale] }) : ''}
      </p>
    </div>
  );
}

function Verdict({ result, t }: { result: QuizQuestionResultDTO; t: Messages['quiz'] }) {
  const kind = !result.answered ? 'skipped' : result.correct ? 'correct' : result.score > 0 ? 'partial' : 'incorrect';
  return (
    <div className={`quiz-verdict verdict-${kind}`} data-testid="verdict" data-verdict={kind}>
      <p className="verdict-head">
        <span className={`verdict ${kind === 'correct' ? 'verdict-ok' : 'verdict-bad'}`}>{t[kind]}</span>{' '}
        <span className="muted small">{marksText(t, round(result.points), round(result.maxPoints))}</span>
      </p>
      {result.answered && <p className="verdict-message" dangerouslySetInnerHTML={{ __html: result.messageHtml }} />}
      {result.explanationHtml && (
        <p className="explanation small">
          <strong>{t.explanation}: </strong>
          <span dangerouslySetInnerHTML={{ __html: result.explanationHtml }} />
        </p>
      )}
    </div>
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function isBlank(a: QuizAnswer | undefined): boolean {
  return a === undefined || (typeof a === 'string' ? a.trim() === '' : a.length === 0);
}

/** Only the questions answered, each in the form its type takes. */
function sendable(questions: QuizQuestionDTO[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const a = answers[q.id];
    if (isBlank(a)) continue;
    if (q.type === 'multiple') out[q.id] = Array.isArray(a) ? a : [a as string];
    else out[q.id] = Array.isArray(a) ? (a[0] ?? '') : (a as string);
  }
  return out;
}

/** The answered questions whose answers cannot be read, with why, as the server would say. */
function unreadable(expr: Awaited<ReturnType<typeof loadExpr>>, questions: QuizQuestionDTO[], answers: Answers, locale: Locale): UnreadableReply {
  const out: UnreadableReply = [];
  for (const q of questions) {
    const a = answers[q.id];
    if (typeof a !== 'string' || a.trim() === '') continue;
    if (q.type === 'numeric') {
      const problem = expr.numberProblem(a);
      if (problem) out.push({ questionId: q.id, message: problem.message[locale], ...(problem.column !== undefined ? { column: problem.column } : {}) });
    } else if (q.type === 'expression' || q.type === 'matrix') {
      const preview = expr.previewExpression(a, q.context, locale);
      if ('error' in preview && preview.unreadable) out.push({ questionId: q.id, message: preview.error, ...(preview.column !== undefined ? { column: preview.column } : {}) });
    }
  }
  return out;
}

function isAnswers(x: unknown): x is Answers {
  return typeof x === 'object' && x !== null && Object.values(x).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')));
}
