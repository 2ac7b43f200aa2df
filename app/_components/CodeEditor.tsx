'use client';

import Editor, { loader, type Monaco, type OnMount } from '@monaco-editor/react';
import type { editor } from 'monaco-editor';

// Monaco is served from this site (scripts/copy-monaco.ts puts it under public/monaco/vs): no CDN.
loader.config({ paths: { vs: '/monaco/vs' } });

export type MonacoEditor = editor.IStandaloneCodeEditor;
export type { Monaco };

export interface CodeEditorProps {
  exerciseId: string;
  locale: 'en' | 'zh';
  initialCode: string;
  declarations: string;
  ariaLabel: string;
  onChange(code: string): void;
  onReady(editor: MonacoEditor, monaco: Monaco): void;
  onCheck(): void;
  onSubmit(): void;
}

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
 * The Monaco editor with TypeScript checking set up for the exercise: ES2022 without the DOM (the
 * sandbox has neither a browser nor Node), strict mode, and the exercise's declarations as an extra
 * library (`import type { … } from 'deltalab:exercise'` works; it is erased before grading).
 */
export default function CodeEditor(props: CodeEditorProps) {
  // Monaco's own menus and messages in the page's language (read once, when Monaco first loads).
  loader.config({ 'vs/nls': { availableLanguages: { '*': props.locale === 'zh' ? 'zh-cn' : 'en' } } });

  function beforeMount(monaco: Monaco) {
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
        content: `/** The functions and types this exercise asks for, as its starter declares them. */\ndeclare module 'deltalab:exercise' {\n${props.declarations}\n}\n`,
        filePath: 'file:///deltalab/exercise.d.ts',
      },
    ]);
  }

  const onMount: OnMount = (ed, monaco) => {
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => props.onCheck());
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => props.onSubmit());
    props.onReady(ed, monaco);
  };

  return (
    <Editor
      height="100%"
      defaultLanguage="typescript"
      path={`file:///exercises/${props.exerciseId}/solution.ts`}
      defaultValue={props.initialCode}
      beforeMount={beforeMount}
      onMount={onMount}
      onChange={(value) => props.onChange(value ?? '')}
      loading={null}
      options={{
        ariaLabel: props.ariaLabel,
        minimap: { enabled: false },
        fontSize: 14,
        tabSize: 2,
        automaticLayout: true,
        scrollBeyondLastLine: false,
        fixedOverflowWidgets: true,
        renderLineHighlight: 'line',
        accessibilitySupport: 'auto',
      }}
    />
  );
}
