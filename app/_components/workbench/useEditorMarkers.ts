'use client';

import { useCallback, useRef } from 'react';
import type { GradingResult } from '../../../grader/results';
import type { Monaco, MonacoEditor } from '../CodeEditor';
import type { TypeWarning } from '../Feedback';
import { editorTypeWarnings } from '../typeWarnings';

type Editor = { editor: MonacoEditor; monaco: Monaco };

/**
 * The grader's findings as markers in Monaco (owner `deltalab`): compile errors, the runtime error
 * and each check's error, on their lines. Also reads Monaco's own type errors for the feedback.
 * Until Monaco has taken over there is nothing to mark: `attach` shows the current result then.
 */
export function useEditorMarkers() {
  const editorRef = useRef<Editor | null>(null);

  const showMarkers = useCallback((result: GradingResult | null) => {
    const ed = editorRef.current;
    if (ed) setGradingMarkers(ed, result);
  }, []);

  const attach = useCallback((editor: MonacoEditor, monaco: Monaco, result: GradingResult | null) => {
    editorRef.current = { editor, monaco };
    setGradingMarkers(editorRef.current, result);
  }, []);

  /** The editor's type errors right now, shown in the feedback as warnings. */
  const typeWarnings = useCallback((): TypeWarning[] => editorTypeWarnings(editorRef.current), []);

  return { attach, showMarkers, typeWarnings };
}

function setGradingMarkers(ed: Editor, result: GradingResult | null) {
  const model = ed.editor.getModel();
  if (!model) return;
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
}
