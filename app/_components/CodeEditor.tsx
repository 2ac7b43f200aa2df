'use client';

import type { editor } from 'monaco-editor';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { canRetryInPage, loadMonaco, type Monaco } from './monaco-loader';
import type { Locale } from '../../lib/i18n/locales';

export type MonacoEditor = editor.IStandaloneCodeEditor;
export type { Monaco };

/** What the workbench does with the code, whichever editor currently holds it. */
export interface CodeEditorHandle {
  getValue(): string;
  /** Replaces the whole text as one undoable edit. */
  replace(code: string): void;
  /** Puts a newer draft in, unless the student has already typed (their typing wins). */
  offerInitial(code: string): void;
  showLine(line: number, column?: number): void;
}

export type EditorStatus = 'plain' | 'ready' | 'failed';

export interface CodeEditorProps {
  exerciseId: string;
  locale: Locale;
  /** The code rendered on the server: readable and editable before any script runs. */
  initialCode: string;
  declarations: string;
  ariaLabel: string;
  labels: { loadFailed: string; retry: string };
  handle: Ref<CodeEditorHandle>;
  onChange(code: string): void;
  /** The plain editor is live (hydrated): what it shows is what Check and Submit grade. */
  onPlainReady(): void;
  onReady(editor: MonacoEditor, monaco: Monaco): void;
  onCheck(): void;
  onSubmit(): void;
}

/** How long Monaco may take before the student is told, with a Retry (it still takes over if it arrives later). */
const LOAD_PATIENCE_MS = 6_000;

/** What the sandbox offers besides the language itself: console, nothing from a browser or Node. */
const SANDBOX_GLOBALS = `
interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare const console: Console;
`;

type TypeScriptDefaults = {
  setCompilerOptions(options: Record<string, unknown>): void;
  setDiagnosticsOptions(options: Record<string, unknown>): void;
  setExtraLibs(libs: { content: string; filePath?: string }[]): void;
};

function typescriptDefaults(monaco: Monaco): TypeScriptDefaults | undefined {
  const m = monaco as unknown as { typescript?: { typescriptDefaults?: TypeScriptDefaults }; languages: { typescript?: { typescriptDefaults?: TypeScriptDefaults } } };
  return m.typescript?.typescriptDefaults ?? m.languages.typescript?.typescriptDefaults;
}

/**
 * The code editor. The server renders the code in a plain textarea, so the student reads and types
 * at once; Monaco (with TypeScript checking: ES2022 without the DOM, strict, the exercise's
 * declarations as `deltalab:exercise`) loads behind it and takes over in place, in one task, with
 * the text, selection and focus as they are at that moment — no keystroke is lost. If Monaco fails
 * or stalls, the student is told within seconds, can retry, and keeps working in the textarea.
 */
export default function CodeEditor(props: CodeEditorProps) {
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const plainHostRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const monacoRef = useRef<{ editor: MonacoEditor; monaco: Monaco } | null>(null);
  const typedRef = useRef(false);
  const latest = useRef(props);
  // The listeners below are registered once and read the newest props through this; it is updated
  // after each commit, before the browser can deliver the next event.
  useLayoutEffect(() => {
    latest.current = props;
  });
  const [status, setStatus] = useState<EditorStatus>('plain');
  const [attempt, setAttempt] = useState(0);
  const escaped = useRef(false);

  useImperativeHandle(props.handle, () => ({
    getValue: () => monacoRef.current?.editor.getValue() ?? textareaRef.current?.value ?? props.initialCode,
    replace(code) {
      const m = monacoRef.current;
      const model = m?.editor.getModel();
      if (m && model) {
        // An edit, not setValue: Ctrl+Z brings the previous code back.
        m.editor.pushUndoStop();
        m.editor.executeEdits('deltalab', [{ range: model.getFullModelRange(), text: code }]);
        m.editor.pushUndoStop();
        m.editor.focus();
      } else if (textareaRef.current) {
        const ta = textareaRef.current;
        ta.focus();
        ta.select();
        // execCommand keeps the textarea's own undo history; fall back to assignment.
        if (!document.execCommand?.('insertText', false, code) || ta.value !== code) ta.value = code;
        latest.current.onChange(code);
      }
    },
    offerInitial(code) {
      if (typedRef.current || monacoRef.current || !textareaRef.current) return;
      textareaRef.current.value = code;
    },
    showLine(line, column) {
      const m = monacoRef.current;
      if (m) {
        m.editor.revealLineInCenter(line);
        m.editor.setPosition({ lineNumber: line, column: column ?? 1 });
        m.editor.focus();
        return;
      }
      const ta = textareaRef.current;
      if (!ta) return;
      const lines = ta.value.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i]!.length + 1;
      offset += Math.max(0, (column ?? 1) - 1);
      ta.focus();
      ta.setSelectionRange(offset, offset);
    },
  }));

  // The textarea is server-rendered markup React never touches (React's hydration would reset a
  // textarea's value, throwing away what was typed before the scripts ran). Typing before
  // hydration counts: it is read here. The markup is made once, from the first props: later
  // changes reach the textarea through the DOM (the label below), never through React.
  const [plainMarkup] = useState(
    () =>
      `<textarea class="code-plain" spellcheck="false" autocapitalize="off" autocomplete="off" autocorrect="off" wrap="off" aria-label="${escapeHtml(props.ariaLabel)}">\n${escapeHtml(props.initialCode)}</textarea>`,
  );
  useEffect(() => {
    const ta = plainHostRef.current?.querySelector('textarea') ?? null;
    textareaRef.current = ta;
    if (!ta) return;
    if (ta.value !== latest.current.initialCode) {
      typedRef.current = true;
      latest.current.onChange(ta.value);
    }
    const onInput = () => {
      typedRef.current = true;
      latest.current.onChange(ta.value);
    };
    const onKeyDown = (e: KeyboardEvent) => indentOnTab(e, escaped);
    ta.addEventListener('input', onInput);
    ta.addEventListener('keydown', onKeyDown);
    latest.current.onPlainReady();
    performance.mark('deltalab:code-editable');
    return () => {
      ta.removeEventListener('input', onInput);
      ta.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  useEffect(() => {
    textareaRef.current?.setAttribute('aria-label', props.ariaLabel);
  }, [props.ariaLabel]);

  useEffect(() => {
    let cancelled = false;
    const patience = setTimeout(() => {
      if (!cancelled && !monacoRef.current) setStatus('failed');
    }, LOAD_PATIENCE_MS);
    loadMonaco(latest.current.locale).then(
      (monaco) => {
        if (cancelled || monacoRef.current) return;
        const ed = takeOver(monaco, { textarea: textareaRef.current, host: hostRef.current, frame: frameRef.current }, latest);
        if (!ed) return;
        monacoRef.current = { editor: ed, monaco };
        setStatus('ready');
        latest.current.onReady(ed, monaco);
      },
      () => {
        if (!cancelled) setStatus('failed');
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(patience);
    };
  }, [attempt]);

  // Monaco goes when the page does.
  useEffect(
    () => () => {
      const m = monacoRef.current;
      monacoRef.current = null;
      m?.editor.getModel()?.dispose();
      m?.editor.dispose();
    },
    [],
  );

  function retry() {
    if (canRetryInPage()) {
      setStatus('plain');
      setAttempt((n) => n + 1);
    } else {
      // The loader is stuck on a file: only a fresh page retries. The code is already in this
      // browser's storage (every change is written at once), so the reload brings it back.
      window.location.reload();
    }
  }

  return (
    <div className="editor-frame" data-testid="editor" data-status={status} ref={frameRef}>
      <div className="code-monaco" ref={hostRef} />
      <div className="code-plain-host" ref={plainHostRef} dangerouslySetInnerHTML={{ __html: plainMarkup }} />
      {status === 'failed' && (
        <div className="editor-failed" role="alert" data-testid="editor-failed">
          <span>{props.labels.loadFailed}</span>{' '}
          <button type="button" className="link-button" onClick={retry}>
            {props.labels.retry}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * Monaco takes over from the plain textarea, in place, in one task: the text, selection, scroll
 * and focus as they are at that moment. Returns the editor, or undefined when the page is gone.
 */
function takeOver(
  monaco: Monaco,
  { textarea: ta, host, frame }: { textarea: HTMLTextAreaElement | null; host: HTMLDivElement | null; frame: HTMLDivElement | null },
  latest: { readonly current: CodeEditorProps },
): MonacoEditor | undefined {
  if (!ta || !host || !frame) return undefined;
  configureTypeScript(monaco, latest.current.declarations);
  const uri = monaco.Uri.parse(`file:///exercises/${latest.current.exerciseId}/solution.ts`);
  monaco.editor.getModel(uri)?.dispose();
  // Everything from here to the focus runs in one task: no input event can fall between.
  const model = monaco.editor.createModel(ta.value, 'typescript', uri);
  const ed = monaco.editor.create(host, {
    model,
    ariaLabel: latest.current.ariaLabel,
    minimap: { enabled: false },
    fontSize: 14,
    lineHeight: 19,
    // The plain field's font (globals.css --mono), so the take-over does not move the text.
    fontFamily: getComputedStyle(ta).fontFamily,
    tabSize: 2,
    automaticLayout: true,
    scrollBeyondLastLine: false,
    fixedOverflowWidgets: true,
    renderLineHighlight: 'line',
    accessibilitySupport: 'auto',
  });
  const hadFocus = document.activeElement === ta;
  const start = model.getPositionAt(ta.selectionStart);
  const end = model.getPositionAt(ta.selectionEnd);
  ed.setSelection(new monaco.Selection(start.lineNumber, start.column, end.lineNumber, end.column));
  const scroll = ta.scrollTop;
  frame.dataset.editor = 'monaco';
  ed.layout();
  ed.setScrollTop(scroll);
  if (hadFocus) ed.focus();
  ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onCheck());
  ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => latest.current.onSubmit());
  ed.onDidChangeModelContent(() => latest.current.onChange(ed.getValue()));
  return ed;
}

/** In the plain textarea, Tab indents (as in Monaco) instead of leaving the field; Escape then Tab leaves it. */
function indentOnTab(e: KeyboardEvent, escaped: { current: boolean }) {
  if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || escaped.current) {
    escaped.current = e.key === 'Escape';
    return;
  }
  e.preventDefault();
  document.execCommand?.('insertText', false, '  ');
}

function configureTypeScript(monaco: Monaco, declarations: string) {
  const ts = typescriptDefaults(monaco);
  if (!ts) return;
  ts.setCompilerOptions({
    target: 9, // ES2022
    module: 99, // ESNext
    lib: ['es2022'],
    strict: true,
    noImplicitReturns: true,
    allowNonTsExtensions: true,
  });
  ts.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  ts.setExtraLibs([
    { content: SANDBOX_GLOBALS, filePath: 'file:///deltalab/sandbox.d.ts' },
    {
      content: `/** The functions and types this exercise asks for, as its starter declares them. */\ndeclare module 'deltalab:exercise' {\n${declarations}\n}\n`,
      filePath: 'file:///deltalab/exercise.d.ts',
    },
  ]);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
