'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { FromWorker, LiveCaseResult, LiveExamples, ToWorker } from '../../../lib/live/types';
import type { Messages, Locale } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { Monaco, MonacoEditor } from '../CodeEditor';

/**
 * Live checks: while the student types, the statement's example checks run in a Web Worker
 * (public/live/worker.js, no network, no DOM) on the code in the editor.
 *
 * Transpiling: Monaco's own TypeScript worker (already running for the editor's diagnostics)
 * gives the syntax errors and the emitted JavaScript (`getEmitOutput`), so nothing extra is
 * downloaded. A run starts a short while after the last keystroke (liveDebounceMs), only when the
 * code has no syntax error (otherwise the strip says so and shows no stale result). A run longer
 * than LIVE_TIME_LIMIT_MS terminates the worker; a new one starts on the next edit.
 *
 * Each run leaves performance.measure() entries for its phases (live:debounce, live:transpile,
 * live:worker; what is left of the time to the strip is React's render), which `npm run bench:live`
 * reads to say where the time goes.
 */

/** The longest wait after a keystroke, and the shortest. */
export const LIVE_DEBOUNCE_MS = 60;
export const LIVE_DEBOUNCE_MIN_MS = 15;

/** How many recent runs set the wait. */
export const LIVE_RECENT_RUNS = 5;

/**
 * How long to wait after a keystroke: about as long as a run takes, the median of the last few
 * (LIVE_RECENT_RUNS). The wait exists so a burst of keystrokes costs one run, not one each; runs
 * never overlap (a newer edit waits for the one in flight), so when runs are quick a short wait
 * costs little and the strip keeps up. The median, not the last run: one slow run (Monaco's
 * TypeScript worker busy with diagnostics, a garbage collection) would otherwise stretch the wait
 * after it to the maximum, adding a second slow step to the same edit.
 */
export function liveDebounceMs(recentRunsMs: readonly number[]): number {
  if (recentRunsMs.length === 0) return LIVE_DEBOUNCE_MS;
  const sorted = [...recentRunsMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(Math.min(LIVE_DEBOUNCE_MS, Math.max(LIVE_DEBOUNCE_MIN_MS, median)));
}

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

type TsWorker = {
  getSyntacticDiagnostics(file: string): Promise<{ start?: number; messageText: unknown }[]>;
  getEmitOutput(file: string): Promise<{ emitSkipped: boolean; outputFiles: { name: string; text: string }[] }>;
};

function tsWorkerGetter(monaco: Monaco): (() => Promise<(uri: unknown) => Promise<TsWorker>>) | undefined {
  const m = monaco as unknown as {
    typescript?: { getTypeScriptWorker?: () => Promise<(uri: unknown) => Promise<TsWorker>> };
    languages: { typescript?: { getTypeScriptWorker?: () => Promise<(uri: unknown) => Promise<TsWorker>> } };
  };
  return m.typescript?.getTypeScriptWorker ?? m.languages.typescript?.getTypeScriptWorker;
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
  const inFlight = useRef<{ id: number; kill: ReturnType<typeof setTimeout> } | null>(null);
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
  /** How long the last few runs took from start to result, oldest first: set the next wait (liveDebounceMs). */
  const recentRunsMs = useRef<number[]>([]);
  /** The id of the run that started the current worker (its time includes loading the worker). */
  const coldRun = useRef<number | null>(null);

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

  /** Transpiles and posts the code; true when the worker now has it (its reply ends the run). */
  const start = useCallback(async (): Promise<boolean> => {
    const ed = editorRef.current;
    const model = ed?.editor.getModel();
    if (!ed || !model || !examples || !liveChecksEnabled()) return false;
    const version = model.getVersionId();
    runVersion.current = version;
    const getter = tsWorkerGetter(ed.monaco);
    if (!getter) return false;
    const file = model.uri.toString();
    const ts = await (await getter())(model.uri);
    // Both questions at once: the TypeScript worker answers them in turn, but the page waits for
    // one round trip instead of two. The emit is thrown away when there is a syntax error.
    const [diagnostics, out] = await Promise.all([ts.getSyntacticDiagnostics(file), ts.getEmitOutput(file)]);
    measure('live:transpile', runStarted.current);
    // A newer edit has its own run coming (dirty): this text is already gone.
    if (model.isDisposed() || model.getVersionId() !== version || !liveChecksEnabled()) return false;
    if (diagnostics.length > 0) {
      show({ kind: 'compile', line: model.getPositionAt(diagnostics[0].start ?? 0).lineNumber });
      return false;
    }
    const js = out.outputFiles.find((f) => f.name.endsWith('.js'))?.text;
    if (out.emitSkipped || js === undefined) {
      show({ kind: 'compile', line: 1 });
      return false;
    }

    if (!workerRef.current) {
      // Created on first use only: a student who never types downloads nothing.
      const worker = new Worker('/live/worker.js', { type: 'module', name: 'deltalab-live-checks' });
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        const msg = e.data;
        if (!inFlight.current || msg.id !== inFlight.current.id) return;
        clearTimeout(inFlight.current.kill);
        inFlight.current = null;
        measure('live:worker', posted.current);
        // The run that started the worker also waited for it to load: not what a run takes.
        if (msg.id !== coldRun.current) recentRunsMs.current = [...recentRunsMs.current, performance.now() - runStarted.current].slice(-LIVE_RECENT_RUNS);
        if (msg.type === 'result') show({ kind: 'results', results: msg.results, ms: msg.ms });
        else show({ kind: 'load-error', error: msg.error });
        finish();
      };
      workerRef.current = worker;
      coldRun.current = runId.current + 1;
    }
    const id = ++runId.current;
    const msg: ToWorker = {
      type: 'run',
      id,
      js,
      checks: examples.checks.map((c) => ({ name: c.name, callSource: c.callSource, tolerance: c.tolerance, cases: c.cases.map(({ input, expected }) => ({ input, expected })) })),
    };
    const kill = setTimeout(() => {
      if (inFlight.current?.id !== id) return;
      // A runaway loop: the worker cannot be interrupted, only ended. The page never waited on it.
      stopWorker();
      show({ kind: 'timeout', ms: LIVE_TIME_LIMIT_MS });
      finish();
    }, LIVE_TIME_LIMIT_MS);
    inFlight.current = { id, kill };
    setState({ kind: 'running', previous: lastResults.current });
    posted.current = performance.now();
    workerRef.current.postMessage(msg);
    return true;
  }, [examples, show, stopWorker, finish]);

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
    timer.current = setTimeout(run, liveDebounceMs(recentRunsMs.current));
  }, [run]);

  /** Called when Monaco takes over the editor: live checks follow its model from then on. */
  const attach = useCallback(
    (editor: MonacoEditor, monaco: Monaco) => {
      editorRef.current = { editor, monaco };
      setAttached(true);
      if (!examples) return;
      // The first run is on the first edit: a student who only reads loads no worker at all.
      editor.onDidChangeModelContent(() => {
        if (liveChecksEnabled()) schedule();
      });
    },
    [examples, schedule],
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
