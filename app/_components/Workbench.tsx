'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GradingResult } from '../../grader/results';
import type { Messages, SiteLocale } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import type { AttemptDTO, SubmissionDTO } from '../../lib/site/dto';
import type { Monaco, MonacoEditor } from './CodeEditor';
import { Feedback, type TypeWarning } from './Feedback';
import { editorTypeWarnings } from './typeWarnings';
import { History, useTimeFormat } from './History';

// Monaco loads after the statement is on screen, never on the server.
const CodeEditor = dynamic(() => import('./CodeEditor'), { ssr: false, loading: () => null });

export interface WorkbenchProps {
  exerciseId: string;
  title: string;
  starter: string;
  declarations: string;
  /** The signed-in student's id (scopes the browser's draft buffer), or null. */
  userId: string | null;
  draft: { code: string; updatedAt: number } | null;
  attempts: AttemptDTO[];
  locale: SiteLocale;
  t: { exercise: Messages['exercise']; feedback: Messages['feedback']; history: Messages['history']; grades: Messages['grades'] };
}

type Phase = 'idle' | 'checking' | 'submitting' | 'waiting';
type Shown = { kind: 'check' | 'submit'; result: GradingResult } | { kind: 'attempt'; submission: SubmissionDTO };
type DraftState = 'saved' | 'saving' | 'offline' | 'restored' | null;

const SAVE_DELAY_MS = 1_000;

/**
 * The working half of the exercise page: the editor, Check and Submit (with keyboard shortcuts),
 * the feedback of the last run, and the attempt history. Typed work is never lost: every change
 * goes to localStorage at once and to the server shortly after.
 */
export function Workbench(props: WorkbenchProps) {
  const { exerciseId, t, userId } = props;
  const storageKey = `deltalab:draft:${userId ?? 'anonymous'}:${exerciseId}`;
  const codeRef = useRef(props.draft?.code ?? props.starter);
  const savedRef = useRef(props.draft?.code ?? null);
  const editorRef = useRef<{ editor: MonacoEditor; monaco: Monaco } | null>(null);
  // The editor's type errors when the code was sent, shown in the feedback as warnings.
  const [typeWarnings, setTypeWarnings] = useState<TypeWarning[]>([]);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const phaseRef = useRef<Phase>('idle');

  const [initialCode, setInitialCode] = useState<string | null>(null);
  const [phase, setPhaseState] = useState<Phase>('idle');
  const [shown, setShown] = useState<Shown | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(props.attempts);
  const [draftState, setDraftState] = useState<DraftState>(null);
  const [editorReady, setEditorReady] = useState(false);
  const [keys, setKeys] = useState({ check: 'Ctrl+Enter', submit: 'Ctrl+Shift+Enter' });
  const time = useTimeFormat(props.locale);

  const setPhase = (p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  };

  // The newest of the server draft and this browser's buffer wins; then the editor may mount.
  useEffect(() => {
    let code = props.draft?.code ?? props.starter;
    try {
      // Work typed before signing in was buffered under "anonymous": it is carried over.
      const stored = localStorage.getItem(storageKey) ?? (userId ? localStorage.getItem(`deltalab:draft:anonymous:${exerciseId}`) : null);
      const local = JSON.parse(stored ?? 'null') as { code?: unknown; t?: unknown } | null;
      if (local && typeof local.code === 'string' && typeof local.t === 'number' && local.t > (props.draft?.updatedAt ?? 0) && local.code !== code) {
        code = local.code;
      }
    } catch {
      // storage unavailable or corrupt: the server draft stands
    }
    codeRef.current = code;
    if (code !== props.starter) setDraftState('restored');
    if (userId && code !== savedRef.current && code !== props.starter) scheduleSave(0);
    setInitialCode(code);
    if (/Mac|iPhone|iPad/.test(navigator.platform)) setKeys({ check: '⌘↵', submit: '⌘⇧↵' });
  }, []);

  const saveNow = useCallback(
    async (keepalive = false) => {
      clearTimeout(saveTimer.current);
      const code = codeRef.current;
      if (!userId || code === savedRef.current) return;
      setDraftState('saving');
      try {
        const res = await fetch(`/api/drafts/${encodeURIComponent(exerciseId)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
          keepalive,
        });
        if (!res.ok) throw new Error(String(res.status));
        savedRef.current = code;
        setDraftState(codeRef.current === code ? 'saved' : 'saving');
      } catch {
        setDraftState('offline');
      }
    },
    [exerciseId, userId],
  );

  function scheduleSave(delay = SAVE_DELAY_MS) {
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => void saveNow(), delay);
  }

  function onChange(code: string) {
    codeRef.current = code;
    try {
      localStorage.setItem(storageKey, JSON.stringify({ code, t: Date.now() }));
    } catch {
      // quota or privacy mode: the server draft still saves
    }
    if (userId) {
      setDraftState('saving');
      scheduleSave();
    }
  }

  // Leaving the page (or the tab going to the background) saves at once.
  useEffect(() => {
    const flush = () => {
      if (document.visibilityState === 'hidden') void saveNow(true);
    };
    const onPageHide = () => void saveNow(true);
    document.addEventListener('visibilitychange', flush);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', flush);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [saveNow]);

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
    // 403 on submit carries a sentence for the student (e.g. the exercise is not open yet).
    if (status === 403 && reason) setNotice(reason);
    else if (status === 401) setNotice(t.exercise.sessionExpired);
    else if (status === 503 || status === 429) setNotice(t.exercise.busy);
    else setNotice(t.exercise.networkError);
  }

  async function runCheck() {
    if (phaseRef.current !== 'idle') return;
    if (!userId) return setNotice(t.exercise.signInToSubmit);
    setPhase('checking');
    setTypeWarnings(editorTypeWarnings(editorRef.current));
    setNotice(null);
    try {
      const res = await fetch('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ exerciseId, code: codeRef.current }),
      });
      if (!res.ok) failed(res.status);
      else show({ kind: 'check', result: ((await res.json()) as { result: GradingResult }).result });
    } catch {
      failed(0);
    }
    setPhase('idle');
  }

  async function runSubmit() {
    if (phaseRef.current !== 'idle') return;
    if (!userId) return setNotice(t.exercise.signInToSubmit);
    setPhase('submitting');
    setTypeWarnings(editorTypeWarnings(editorRef.current));
    setNotice(null);
    void saveNow();
    // One key per press: a retry after a network error, or a second click, is the same submission.
    const body = JSON.stringify({ exerciseId, code: codeRef.current, idempotencyKey: newKey() });
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
        const reason = res?.status === 403 ? ((await res.json().catch(() => ({}))) as { error?: string }).error : undefined;
        failed(res?.status ?? 0, reason);
        return;
      }
      let submission = ((await res.json()) as { submission: SubmissionDTO }).submission;
      if (!submission.result) {
        setPhase('waiting');
        submission = await pollUntilGraded(submission.id);
      }
      if (submission.result) show({ kind: 'submit', result: submission.result });
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
      show({ kind: 'attempt', submission: ((await res.json()) as { submission: SubmissionDTO }).submission });
      document.getElementById('feedback-title')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch {
      failed(0);
    }
  }

  function replaceCode(code: string) {
    const ed = editorRef.current?.editor;
    const model = ed?.getModel();
    if (ed && model) {
      // An edit, not setValue: Ctrl+Z brings the previous code back.
      ed.pushUndoStop();
      ed.executeEdits('deltalab', [{ range: model.getFullModelRange(), text: code }]);
      ed.pushUndoStop();
      ed.focus();
    } else {
      codeRef.current = code;
      setInitialCode(code);
    }
    onChange(code);
  }

  function showLine(line: number, column?: number) {
    const ed = editorRef.current?.editor;
    if (!ed) return;
    ed.revealLineInCenter(line);
    ed.setPosition({ lineNumber: line, column: column ?? 1 });
    ed.focus();
  }

  const busy = phase !== 'idle';
  const status = phase === 'checking' ? t.exercise.checking : phase === 'submitting' ? t.exercise.submitting : phase === 'waiting' ? t.exercise.waiting : '';
  const draftText =
    draftState === 'saved' ? t.exercise.draftSaved : draftState === 'saving' ? t.exercise.draftSaving : draftState === 'offline' ? t.exercise.draftOffline : draftState === 'restored' ? t.exercise.draftRestored : '';

  return (
    <div className="workbench">
      <section className="editor-panel" aria-labelledby="editor-title">
        <div className="panel-head">
          <h2 id="editor-title">{t.exercise.editor}</h2>
          <span className="muted small draft-state" data-testid="draft-state" data-state={draftState ?? ''}>
            {draftText}
          </span>
        </div>
        <div className="editor-frame" data-testid="editor">
          {initialCode === null ? null : (
            <CodeEditor
              exerciseId={exerciseId}
              locale={props.locale}
              initialCode={initialCode}
              declarations={props.declarations}
              ariaLabel={format(t.exercise.editorLabel, { title: props.title })}
              onChange={onChange}
              onReady={(editor, monaco) => {
                editorRef.current = { editor, monaco };
                setEditorReady(true);
                performance.mark('deltalab:editor-ready');
                document.documentElement.dataset.editorReady = 'true';
              }}
              onCheck={() => void actions.current.check()}
              onSubmit={() => void actions.current.submit()}
            />
          )}
          {!editorReady && (
            <div className="editor-loading" aria-hidden={initialCode !== null}>
              <span className="muted small">{t.exercise.loadingEditor}</span>
            </div>
          )}
        </div>
        <div className="actions">
          <button type="button" onClick={() => void runCheck()} disabled={busy} aria-keyshortcuts="Control+Enter Meta+Enter" title={t.exercise.checkHelp}>
            {t.exercise.check} <kbd>{keys.check}</kbd>
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void runSubmit()}
            disabled={busy}
            aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
            title={t.exercise.submitHelp}
          >
            {t.exercise.submit} <kbd>{keys.submit}</kbd>
          </button>
          <button
            type="button"
            className="link-button reset"
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

      <section className="feedback-panel" aria-labelledby="feedback-title">
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
                {format(t.history.viewing, { time: time(shown.submission.createdAt) })}{' '}
                <button type="button" className="link-button" onClick={() => replaceCode(shown.submission.code)}>
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
              {shown.submission.result && <Feedback result={shown.submission.result} t={t.feedback} />}
            </div>
          ) : shown ? (
            <Feedback result={shown.result} t={t.feedback} onShowLine={showLine} typeWarnings={typeWarnings} />
          ) : null}
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
