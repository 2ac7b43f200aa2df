'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { GradingResult } from '../../grader/results';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import type { AttemptDTO, SubmissionDTO } from '../../lib/site/dto';
import { useExerciseTabs } from './ExerciseTabs';
import CodeEditor, { type CodeEditorHandle, type Monaco, type MonacoEditor } from './CodeEditor';
import { Feedback, type TypeWarning } from './Feedback';
import { editorTypeWarnings } from './typeWarnings';
import { History, useTimeFormat } from './History';
import { useDraft } from './useDraft';
import { LiveStrip } from './live/LiveStrip';
import { useLiveChecks } from './live/useLiveChecks';
import type { LiveExamples } from '../../lib/live/types';

export interface WorkbenchProps {
  exerciseId: string;
  title: string;
  starter: string;
  declarations: string;
  /** The signed-in student's id (scopes the browser's draft buffer), or null. */
  userId: string | null;
  draft: { code: string; updatedAt: number } | null;
  attempts: AttemptDTO[];
  /** The latest graded attempt: its feedback opens in the panel when the student comes back. */
  lastAttempt?: SubmissionDTO | null;
  /** Where to go after a pass (null: this is the last exercise). */
  next?: { id: string; title: string } | null;
  locale: Locale;
  /** The statement's example checks for live checks while typing; null when off for this exercise. */
  liveExamples?: LiveExamples | null;
  t: {
    locale: Messages['locale'];
    exercise: Messages['exercise'];
    feedback: Messages['feedback'];
    grader: Messages['grader'];
    history: Messages['history'];
    grades: Messages['grades'];
    workbench: Messages['workbench'];
    live: Messages['live'];
  };
}

type Phase = 'idle' | 'checking' | 'submitting' | 'waiting';
type Shown = { kind: 'check' | 'submit'; result: GradingResult } | { kind: 'attempt'; submission: SubmissionDTO; last?: boolean };

/**
 * The working half of the exercise page: the editor, Check and Submit (with keyboard shortcuts),
 * the feedback of the last run, and the attempt history. Typed work is never lost: every change
 * goes to localStorage at once and to the server shortly after.
 */
export function Workbench(props: WorkbenchProps) {
  const { exerciseId, t, userId } = props;
  const handle = useRef<CodeEditorHandle>(null);
  const editorRef = useRef<{ editor: MonacoEditor; monaco: Monaco } | null>(null);
  // The editor's type errors when the code was sent, shown in the feedback as warnings.
  const [typeWarnings, setTypeWarnings] = useState<TypeWarning[]>([]);
  const phaseRef = useRef<Phase>('idle');
  const codeReadyRef = useRef(false);
  const tabs = useExerciseTabs();
  const draft = useDraft({ exerciseId, userId, starter: props.starter, draft: props.draft, onRestore: (code) => handle.current?.offerInitial(code) });
  const { codeRef, draftState, saveNow } = draft;
  /** Code the student has recorded or looked at in an attempt: replacing it loses nothing. */
  const knownCodes = useRef(new Set<string>([props.starter, ...(props.lastAttempt ? [props.lastAttempt.code] : [])]));

  const [phase, setPhaseState] = useState<Phase>('idle');
  const [shown, setShown] = useState<Shown | null>(props.lastAttempt ? { kind: 'attempt', submission: props.lastAttempt, last: true } : null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(props.attempts);
  /** The code on screen is live (hydrated), in the plain editor or Monaco: Check and Submit grade it. */
  const [codeReady, setCodeReady] = useState(false);
  const [keys, setKeys] = useState({ check: 'Ctrl+Enter', submit: 'Ctrl+Shift+Enter' });
  const time = useTimeFormat(props.locale);
  const live = useLiveChecks(props.liveExamples ?? null, props.locale, t.live);

  const setPhase = (p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  };

  useEffect(() => {
    if (/Mac|iPhone|iPad/.test(navigator.platform)) setKeys({ check: '⌘↵', submit: '⌘⇧↵' });
  }, []);

  const showMarkers = useCallback((result: GradingResult | null) => {
    const ed = editorRef.current;
    const model = ed?.editor.getModel();
    if (!ed || !model) return;
    const markers: Parameters<Monaco['editor']['setModelMarkers']>[2] = [];
    const lineCount = model.getLineCount();
    const at = (line: number, column: number | undefined, message: string) => {
      const l = Math.min(Math.max(1, line), lineCount);
      const start = column ?? model.getLineFirstNonWhitespaceColumn(l) ?? 1;
      markers.push({
        severity: ed.monaco.MarkerSeverity.Error,
        message,
        startLineNumber: l,
        startColumn: Math.max(1, start),
        endLineNumber: l,
        endColumn: column !== undefined ? Math.max(start + 1, model.getWordAtPosition({ lineNumber: l, column: start })?.endColumn ?? start + 1) : model.getLineMaxColumn(l),
        source: 'deltalab',
      });
    };
    for (const e of result?.compileErrors ?? []) at(e.line, e.column, e.message);
    if (result?.runtimeError?.line !== undefined) at(result.runtimeError.line, result.runtimeError.column, result.runtimeError.message);
    for (const c of result?.checks ?? []) if (c.error?.line !== undefined) at(c.error.line, c.error.column, `${c.title}: ${c.error.message}`);
    ed.monaco.editor.setModelMarkers(model, 'deltalab', markers);
  }, []);

  const show = useCallback(
    (s: Shown | null) => {
      setShown(s);
      showMarkers(s === null ? null : s.kind === 'attempt' ? s.submission.result : s.result);
    },
    [showMarkers],
  );

  async function refreshAttempts() {
    try {
      const res = await fetch(`/api/submissions?exercise=${encodeURIComponent(exerciseId)}`);
      if (res.ok) setAttempts(((await res.json()) as { attempts: AttemptDTO[] }).attempts);
    } catch {
      // the list refreshes on the next submission
    }
  }

  function failed(status: number, reason?: string) {
    // 403, 413 and 429 carry a sentence for the student in their language (not open yet, code too
    // long, too many Checks a minute); the others get ours.
    if (reason) setNotice(reason);
    else if (status === 401) setNotice(t.exercise.sessionExpired);
    else if (status === 503 || status === 429) setNotice(t.exercise.busy);
    else setNotice(t.exercise.networkError);
  }

  /** The code on screen, exactly; null while no editor is live (nothing invisible is ever graded). */
  function visibleCode(): string | null {
    return handle.current && codeReadyRef.current ? handle.current.getValue() : null;
  }

  async function runCheck() {
    if (phaseRef.current !== 'idle') return;
    if (!userId) return setNotice(t.exercise.signInToSubmit);
    const code = visibleCode();
    if (code === null) return;
    setPhase('checking');
    setTypeWarnings(editorTypeWarnings(editorRef.current));
    setNotice(null);
    try {
      const res = await fetch('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ exerciseId, code }),
      });
      if (!res.ok) failed(res.status, await studentReason(res));
      else {
        show({ kind: 'check', result: ((await res.json()) as { result: GradingResult }).result });
        tabs?.show('feedback');
      }
    } catch {
      failed(0);
    }
    setPhase('idle');
  }

  async function runSubmit() {
    if (phaseRef.current !== 'idle') return;
    if (!userId) return setNotice(t.exercise.signInToSubmit);
    const code = visibleCode();
    if (code === null) return;
    setPhase('submitting');
    setTypeWarnings(editorTypeWarnings(editorRef.current));
    setNotice(null);
    void saveNow();
    knownCodes.current.add(code);
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
        failed(res?.status ?? 0, res && (await studentReason(res)));
        return;
      }
      let submission = ((await res.json()) as { submission: SubmissionDTO }).submission;
      if (!submission.result) {
        setPhase('waiting');
        submission = await pollUntilGraded(submission.id);
      }
      if (submission.result) {
        show({ kind: 'submit', result: submission.result });
        tabs?.show('feedback');
      }
      void refreshAttempts();
    } catch {
      failed(0);
    } finally {
      setPhase('idle');
    }
  }

  // Keyboard shortcuts work anywhere on the page (inside the editor, Monaco's own commands call these).
  const actions = useRef({ check: runCheck, submit: runSubmit });
  actions.current = { check: runCheck, submit: runSubmit };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      e.preventDefault();
      void (e.shiftKey ? actions.current.submit() : actions.current.check());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function openAttempt(id: string) {
    try {
      const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`);
      if (!res.ok) return failed(res.status);
      const { submission } = (await res.json()) as { submission: SubmissionDTO };
      show({ kind: 'attempt', submission });
      tabs?.show('feedback');
      document.getElementById('feedback-title')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch {
      failed(0);
    }
  }

  function replaceCode(code: string) {
    handle.current?.replace(code);
  }

  /** Restoring an attempt asks first when the code in the editor would be lost (it is in no attempt). */
  function restoreAttempt(code: string) {
    const current = handle.current?.getValue() ?? codeRef.current;
    if (current !== code && !knownCodes.current.has(current) && !window.confirm(t.workbench.confirmRestore)) return;
    knownCodes.current.add(code);
    replaceCode(code);
    tabs?.show('code');
  }

  function showLine(line: number, column?: number) {
    tabs?.show('code');
    handle.current?.showLine(line, column);
  }

  const busy = phase !== 'idle';
  const canRun = codeReady && !busy;
  const shownResult = shown === null ? null : shown.kind === 'attempt' ? shown.submission.result : shown.result;
  const passed = shownResult?.status === 'passed' && shownResult.mode !== 'check';
  const status = phase === 'checking' ? t.exercise.checking : phase === 'submitting' ? t.exercise.submitting : phase === 'waiting' ? t.exercise.waiting : '';
  const draftText =
    draftState === 'saved' ? t.exercise.draftSaved : draftState === 'saving' ? t.exercise.draftSaving : draftState === 'offline' ? t.exercise.draftOffline : draftState === 'restored' ? t.exercise.draftRestored : '';

  return (
    <div className="workbench">
      <section className="editor-panel" id="pane-code" aria-labelledby="editor-title">
        <div className="panel-head">
          <h2 id="editor-title">{t.exercise.editor}</h2>
          <span className="muted small draft-state" data-testid="draft-state" data-state={draftState ?? ''}>
            {draftText}
          </span>
        </div>
        <CodeEditor
          exerciseId={exerciseId}
          locale={props.locale}
          initialCode={props.draft?.code ?? props.starter}
          declarations={props.declarations}
          ariaLabel={format(t.exercise.editorLabel, { title: props.title })}
          labels={{ loadFailed: t.workbench.editorLoadFailed, retry: t.workbench.retry }}
          handle={handle}
          onChange={draft.onChange}
          onPlainReady={() => {
            codeReadyRef.current = true;
            setCodeReady(true);
          }}
          onReady={(editor, monaco) => {
            editorRef.current = { editor, monaco };
            showMarkers(shownResult);
            live.attach(editor, monaco);
            performance.mark('deltalab:editor-ready');
            document.documentElement.dataset.editorReady = 'true';
          }}
          onCheck={() => void actions.current.check()}
          onSubmit={() => void actions.current.submit()}
        />
        {props.liveExamples && <LiveStrip live={live} examples={props.liveExamples} locale={props.locale} t={t.live} />}
        <div className="actions">
          <button type="button" onClick={() => void runCheck()} disabled={!canRun} aria-keyshortcuts="Control+Enter Meta+Enter" title={t.exercise.checkHelp}>
            {t.exercise.check} <kbd>{keys.check}</kbd>
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void runSubmit()}
            disabled={!canRun}
            aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
            title={t.exercise.submitHelp}
          >
            {t.exercise.submit} <kbd>{keys.submit}</kbd>
          </button>
          <button
            type="button"
            className="link-button reset"
            disabled={!codeReady}
            onClick={() => {
              if (window.confirm(t.exercise.confirmReset)) replaceCode(props.starter);
            }}
          >
            {t.exercise.resetToStarter}
          </button>
        </div>
        {!userId && (
          <p className="notice small">
            <a href={`/sign-in?next=${encodeURIComponent(`/exercises/${exerciseId}`)}`}>{t.exercise.signInToSubmit}</a>
          </p>
        )}
      </section>

      <section className="feedback-panel" id="pane-feedback" aria-labelledby="feedback-title">
        <h2 id="feedback-title">{t.feedback.title}</h2>
        <div aria-live="polite" aria-atomic="false" className="live-region">
          {status && (
            <p className="running" role="status">
              <span className="spinner" aria-hidden="true" /> {status}
            </p>
          )}
          {notice && (
            <p className="form-error" role="alert">
              {notice}
            </p>
          )}
          {!shown && !status && <p className="muted">{t.feedback.empty}</p>}
          {shown?.kind === 'attempt' ? (
            <div className="attempt-view">
              <p className="attempt-banner">
                {format(shown.last ? t.workbench.lastAttempt : t.history.viewing, { time: time(shown.submission.createdAt) })}{' '}
                <button type="button" className="link-button" onClick={() => restoreAttempt(shown.submission.code)}>
                  {t.history.restore}
                </button>{' '}
                ·{' '}
                <button type="button" className="link-button" onClick={() => show(null)}>
                  {t.history.close}
                </button>
              </p>
              <details>
                <summary>{t.history.code}</summary>
                <pre className="attempt-code">{shown.submission.code}</pre>
              </details>
              {shown.submission.override && (
                <p className="notice" data-testid="override-notice">
                  {format(t.grades.overridden, { score: `${Math.round(shown.submission.override.score * 1000) / 10}%` })} ·{' '}
                  {format(t.grades.overrideReason, { reason: shown.submission.override.reason })}
                </p>
              )}
              {shown.submission.result && <Feedback result={shown.submission.result} t={t.feedback} messages={t} />}
            </div>
          ) : shown ? (
            <Feedback result={shown.result} t={t.feedback} messages={t} onShowLine={showLine} typeWarnings={typeWarnings} />
          ) : null}
          {passed && (
            <p className="next-exercise" data-testid="next-exercise">
              {props.next ? (
                <a href={`/exercises/${props.next.id}`}>{format(t.workbench.nextExercise, { title: props.next.title })} →</a>
              ) : (
                <a href="/">{t.workbench.sectionDone} →</a>
              )}
            </p>
          )}
        </div>
      </section>

      {userId && (
        <History
          attempts={attempts}
          t={t.history}
          grades={t.grades}
          status={t.feedback.status}
          locale={props.locale}
          openId={shown?.kind === 'attempt' ? shown.submission.id : null}
          onOpen={(id) => void openAttempt(id)}
        />
      )}
    </div>
  );
}

async function pollUntilGraded(id: string): Promise<SubmissionDTO> {
  const started = Date.now();
  let delay = 200;
  for (;;) {
    await sleep(delay);
    delay = Math.min(1_000, delay * 1.5);
    const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`);
    if (res.ok) {
      const { submission } = (await res.json()) as { submission: SubmissionDTO };
      if (submission.result || Date.now() - started > 180_000) return submission;
    }
  }
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The server's own sentence for a refusal meant for the student (403, 413, 429), if it sent one. */
async function studentReason(res: Response): Promise<string | undefined> {
  if (res.status !== 403 && res.status !== 413 && res.status !== 429) return undefined;
  const body = (await res.json().catch(() => ({}))) as { error?: unknown };
  return typeof body.error === 'string' && body.error !== 'busy' ? body.error : undefined;
}
