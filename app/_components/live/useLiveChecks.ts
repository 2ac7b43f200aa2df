'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { FromWorker, LiveCaseResult, LiveExamples, ToWorker } from '../../../lib/live/types';
import type { Messages, Locale } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { Monaco, MonacoEditor } from '../CodeEditor';
import { stripTypes } from './stripTypes';

/**
 * Live checks: while the student types, the statement's example checks run in a Web Worker
 * (public/live/worker.js, no network, no DOM) on the code in the editor.
 *
 * Transpiling: sucrase strips the types (stripTypes.ts, a chunk loaded on first use) in a
 * millisecond or two, where Monaco's `getEmitOutput` type-checked the file first. "Only when the
 * code compiles" means: sucrase parses it (types included) and the browser parses what is left,
 * as the grader's esbuild does on the server; type errors do not stop a run (the grader does not
 * check types either). With a syntax error the strip says so, on which line, and shows no stale
 * result. A run starts LIVE_DEBOUNCE_MS after the last keystroke; runs never overlap (an edit
 * during a run starts one more run after it). A run longer than LIVE_TIME_LIMIT_MS terminates the
 * worker; a new one starts on the next edit. Code whose JavaScript equals the last run's (only
 * types changed) is not run again.
 *
 * Each run leaves performance.measure() entries for its phases (live:debounce, live:transpile,
 * live:worker, and live:syntax — asking TypeScript for the line of a syntax error the browser
 * found; what is left of the time to the strip is React's render), which `npm run bench:live` reads.
 */

/**
 * The wait after a keystroke before a run. Short and fixed: it only gathers the changes of one
 * gesture (an auto-closed bracket, a key held down, a paste); a burst of typing costs one run at a
 * time anyway, as runs never overlap. (bench:live: a wait following the median of recent runs sat
 * at its 15 ms floor once runs were fast, and at 60 ms after every worker start — the slowest
 * edits' largest part but one.)
 */
export const LIVE_DEBOUNCE_MS = 20;

/** A phase of a run on the page's performance timeline (a no-op where there is none). */
function measure(name: string, start: number) {
  try {
    performance.measure(name, { start, end: performance.now() });
  } catch {
    // an old browser without the options form: only the bench reads these
  }
}
export const LIVE_TIME_LIMIT_MS = 1_000;
const STORAGE_KEY = 'deltalab:live-checks';
const OFF: LiveState = { kind: 'off' };

export type LiveState =
  | { kind: 'off' }
  | { kind: 'waiting' }
  | { kind: 'running'; previous: LiveCaseResult[] | null }
  | { kind: 'compile'; line: number }
  | { kind: 'load-error'; error: string }
  | { kind: 'timeout'; ms: number }
  | { kind: 'results'; results: LiveCaseResult[]; ms: number };

type TsWorker = { getSyntacticDiagnostics(file: string): Promise<{ start?: number }[]> };
type TsWorkerGetter = () => Promise<(uri: unknown) => Promise<TsWorker>>;

function tsWorkerGetter(monaco: Monaco): TsWorkerGetter | undefined {
  const m = monaco as unknown as { typescript?: { getTypeScriptWorker?: TsWorkerGetter }; languages: { typescript?: { getTypeScriptWorker?: TsWorkerGetter } } };
  return m.typescript?.getTypeScriptWorker ?? m.languages.typescript?.getTypeScriptWorker;
}

/**
 * The line of TypeScript's first syntax error in the model, or null when it has none (or when
 * Monaco's TypeScript worker cannot answer).
 */
async function syntaxErrorLine(monaco: Monaco, model: NonNullable<ReturnType<MonacoEditor['getModel']>>): Promise<number | null> {
  const getter = tsWorkerGetter(monaco);
  if (!getter) return null;
  try {
    const ts = await (await getter())(model.uri);
    const diagnostics = await ts.getSyntacticDiagnostics(model.uri.toString());
    if (diagnostics.length === 0) return null;
    return model.isDisposed() ? 1 : model.getPositionAt(diagnostics[0]!.start ?? 0).lineNumber;
  } catch {
    return null;
  }
}

/**
 * Whether the student left live checks on (default on): remembered in this browser's storage, or
 * for this page only when storage is unavailable. A small store, so that the first render matches
 * the server's (on) and the browser's choice follows right after hydration.
 */
let pageChoice: boolean | null = null;
const enabledListeners = new Set<() => void>();

function liveChecksEnabled(): boolean {
  if (pageChoice !== null) return pageChoice;
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

function rememberEnabled(on: boolean) {
  pageChoice = on;
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // remembered for this page only
  }
  for (const listener of enabledListeners) listener();
}

function subscribeEnabled(listener: () => void): () => void {
  enabledListeners.add(listener);
  return () => enabledListeners.delete(listener);
}

export function useLiveChecks(examples: LiveExamples | null, locale: Locale, t: Messages['live']) {
  const enabled = useSyncExternalStore(subscribeEnabled, liveChecksEnabled, () => true);
  const [state, setState] = useState<LiveState>({ kind: 'waiting' });
  const [attached, setAttached] = useState(false);
  const editorRef = useRef<{ editor: MonacoEditor; monaco: Monaco } | null>(null);
  const workerRef = useRef<Worker | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const runId = useRef(0);
  const inFlight = useRef<{ id: number; kill: ReturnType<typeof setTimeout>; js: string; checksKey: string } | null>(null);
  const dirty = useRef(false);
  /** performance.now() of the last edit: the strip reports the time from it to the shown result. */
  const lastEdit = useRef(0);
  const [latency, setLatency] = useState<number | null>(null);
  const lastResults = useRef<LiveCaseResult[] | null>(null);
  /** The editor model version the shown state belongs to (tests and the bench wait for it). */
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const runVersion = useRef<number | null>(null);
  /** performance.now() when the current run started and when its code went to the worker. */
  const runStarted = useRef(0);
  const posted = useRef(0);

  const show = useCallback((s: LiveState) => {
    if (s.kind !== 'running') mark(editorRef.current, examples, s, locale, t);
    lastResults.current = s.kind === 'results' ? s.results : s.kind === 'running' ? lastResults.current : null;
    setState(s);
    setShownVersion(s.kind === 'running' ? null : runVersion.current);
    setLatency(performance.now() - lastEdit.current);
  }, [examples, locale, t]);

  const stopWorker = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
    if (inFlight.current) clearTimeout(inFlight.current.kill);
    inFlight.current = null;
  }, []);

  /** A run is between its start and its result (awaiting Monaco or the worker): one at a time. */
  const busy = useRef(false);
  const runRef = useRef<() => void>(() => undefined);

  /** The run ended: the next one starts if the code changed meanwhile. */
  const finish = useCallback(() => {
    busy.current = false;
    if (dirty.current) {
      dirty.current = false;
      runRef.current();
    }
  }, []);

  /** The worker's answer for the last code it ran, so the same JavaScript is not run twice. */
  const lastRun = useRef<{ js: string; checksKey: string; msg: FromWorker } | null>(null);

  /**
   * Shows a worker's answer and ends the run. When the browser refused the module as a
   * SyntaxError (something sucrase let through), the code does not compile: TypeScript's parser
   * (Monaco's TypeScript worker) says on which line. Only then is it asked: that worker is often
   * busy with the editor's own diagnostics, and waiting for it on every run was the slowest 5 %.
   */
  const settle = useCallback(
    async (msg: FromWorker) => {
      const ed = editorRef.current;
      const model = ed?.editor.getModel();
      let line: number | null = null;
      if (msg.type === 'load-error' && /^SyntaxError\b/.test(msg.error) && ed && model) {
        const waited = performance.now();
        line = await syntaxErrorLine(ed.monaco, model);
        measure('live:syntax', waited);
      }
      if (busy.current && liveChecksEnabled()) {
        if (line !== null) show({ kind: 'compile', line });
        else if (msg.type === 'result') show({ kind: 'results', results: msg.results, ms: msg.ms });
        else show({ kind: 'load-error', error: msg.error });
      }
      finish();
    },
    [show, finish],
  );

  /** The worker, made on first use (editor focus or the first edit): a student who only reads loads none. */
  const ensureWorker = useCallback((): Worker => {
    if (workerRef.current) return workerRef.current;
    const worker = new Worker('/live/worker.js', { type: 'module', name: 'deltalab-live-checks' });
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const msg = e.data;
      const pending = inFlight.current;
      if (!pending || msg.id !== pending.id) return;
      clearTimeout(pending.kill);
      inFlight.current = null;
      measure('live:worker', posted.current);
      lastRun.current = { js: pending.js, checksKey: pending.checksKey, msg };
      void settle(msg);
    };
    workerRef.current = worker;
    return worker;
  }, [settle]);

  /**
   * Downloads sucrase and starts the worker ahead of the first run (on editor focus): the student's
   * first keystroke then finds both ready instead of waiting for two downloads.
   */
  const preload = useCallback(() => {
    const ed = editorRef.current;
    if (!ed || !examples || !liveChecksEnabled()) return;
    ensureWorker();
    // Stripping once also compiles sucrase's own code in the browser (the first call is the slow one).
    void stripTypes(ed.editor.getModel()?.getValue() ?? '').catch(() => undefined);
  }, [examples, ensureWorker]);

  /** Strips the types and posts the code; true when the worker now has it (its reply ends the run). */
  const start = useCallback(async (): Promise<boolean> => {
    const ed = editorRef.current;
    const model = ed?.editor.getModel();
    if (!ed || !model || !examples || !liveChecksEnabled()) return false;
    const version = model.getVersionId();
    runVersion.current = version;
    const stripped = await stripTypes(model.getValue());
    measure('live:transpile', runStarted.current);
    // A newer edit has its own run coming (dirty): this text is already gone.
    if (model.isDisposed() || model.getVersionId() !== version || !liveChecksEnabled()) return false;
    if (!stripped.ok) {
      show({ kind: 'compile', line: stripped.line });
      return false;
    }
    const checksKey = examples.version;
    const last = lastRun.current;
    if (last && last.js === stripped.js && last.checksKey === checksKey) {
      // Only types or nothing changed (the JavaScript is the same): the last answer still holds.
      await settle(last.msg);
      return true;
    }

    const worker = ensureWorker();
    const id = ++runId.current;
    const msg: ToWorker = {
      type: 'run',
      id,
      js: stripped.js,
      checks: examples.checks.map((c) => ({ name: c.name, callSource: c.callSource, tolerance: c.tolerance, cases: c.cases.map(({ input, expected }) => ({ input, expected })) })),
    };
    const kill = setTimeout(() => {
      if (inFlight.current?.id !== id) return;
      // A runaway loop: the worker cannot be interrupted, only ended. The page never waited on it.
      stopWorker();
      show({ kind: 'timeout', ms: LIVE_TIME_LIMIT_MS });
      finish();
    }, LIVE_TIME_LIMIT_MS);
    inFlight.current = { id, kill, js: stripped.js, checksKey };
    setState({ kind: 'running', previous: lastResults.current });
    posted.current = performance.now();
    worker.postMessage(msg);
    return true;
  }, [examples, show, stopWorker, finish, ensureWorker, settle]);

  const run = useCallback(() => {
    if (busy.current) {
      dirty.current = true;
      return;
    }
    busy.current = true;
    runStarted.current = performance.now();
    measure('live:debounce', lastEdit.current);
    start().then(
      (posted) => {
        if (!posted) finish();
      },
      () => finish(),
    );
  }, [start, finish]);
  useLayoutEffect(() => {
    runRef.current = run;
  }, [run]);

  const schedule = useCallback(() => {
    lastEdit.current = performance.now();
    clearTimeout(timer.current);
    timer.current = setTimeout(run, LIVE_DEBOUNCE_MS);
  }, [run]);

  /** Called when Monaco takes over the editor: live checks follow its model from then on. */
  const attach = useCallback(
    (editor: MonacoEditor, monaco: Monaco) => {
      editorRef.current = { editor, monaco };
      setAttached(true);
      if (!examples) return;
      // The first run is on the first edit: a student who only reads loads no worker at all.
      editor.onDidChangeModelContent(() => {
        if (!liveChecksEnabled()) return;
        preload();
        schedule();
      });
      // Focus means typing is near: sucrase and the worker load now, not after the first keystroke.
      editor.onDidFocusEditorText(preload);
    },
    [examples, schedule, preload],
  );

  const setEnabled = useCallback(
    (on: boolean) => {
      rememberEnabled(on);
      clearTimeout(timer.current);
      if (on) {
        setState({ kind: 'waiting' });
        if (editorRef.current) schedule();
      } else {
        stopWorker();
        dirty.current = false;
        busy.current = false;
        show({ kind: 'off' });
      }
    },
    [schedule, show, stopWorker],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      stopWorker();
    },
    [stopWorker],
  );

  // Switched off in an earlier visit: the strip says so from the first render after hydration.
  return { available: examples !== null, attached, enabled, setEnabled, state: enabled ? state : OFF, latency, shownVersion, attach };
}

/**
 * Editor markers for failing examples, on the line that declares the function the example calls
 * (`m.sigmoidPrime(x)` → `export function sigmoidPrime`), under their own owner so they never mix
 * with the markers of a server Check.
 */
function mark(ed: { editor: MonacoEditor; monaco: Monaco } | null, examples: LiveExamples | null, s: LiveState, locale: Locale, t: Messages['live']) {
  const model = ed?.editor.getModel();
  if (!ed || !model || !examples) return;
  const markers: Parameters<Monaco['editor']['setModelMarkers']>[2] = [];
  if (s.kind === 'results') {
    const lines = model.getLinesContent();
    for (const check of examples.checks) {
      const failing = s.results.filter((r) => r.check === check.name && !r.ok);
      if (failing.length === 0) continue;
      const called = /\bm\s*\.\s*([A-Za-z_$][\w$]*)/.exec(check.callSource)?.[1];
      const at = called ? lines.findIndex((l) => new RegExp(`\\bexport\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+${called.replace(/\$/g, '\\$')}\\b`).test(l)) : -1;
      const line = at >= 0 ? at + 1 : 1;
      const first = failing[0];
      const c = examples.checks.find((x) => x.name === check.name);
      const label = c?.cases[first.index]?.label?.[locale] ?? `#${first.index + 1}`;
      markers.push({
        severity: ed.monaco.MarkerSeverity.Warning,
        message: format(t.marker, { example: label, diff: diffText(first, t), n: failing.length }),
        startLineNumber: line,
        startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
        endLineNumber: line,
        endColumn: model.getLineMaxColumn(line),
        source: 'deltalab live',
      });
    }
  }
  ed.monaco.editor.setModelMarkers(model, 'deltalab-live', markers);
}

/** The first difference of a failing example, in words. */
export function diffText(r: LiveCaseResult, t: Messages['live']): string {
  if (!r.diff) return '';
  if ('error' in r.diff) return format(t.threw, { error: r.diff.error });
  return format(t.expectedGot, r.diff);
}
