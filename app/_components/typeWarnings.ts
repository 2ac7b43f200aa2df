import type { TypeWarning } from './Feedback';
import type { editor } from 'monaco-editor';
import type { Monaco, MonacoEditor } from './CodeEditor';

/**
 * The type errors Monaco's TypeScript service shows in the editor right now (not the grader's own
 * markers), read when the student presses Check or Submit: the feedback lists them as warnings.
 */
export function editorTypeWarnings(ed: { editor: MonacoEditor; monaco: Monaco } | null): TypeWarning[] {
  const model = ed?.editor.getModel();
  if (!ed || !model) return [];
  const markers: editor.IMarker[] = ed.monaco.editor.getModelMarkers({ resource: model.uri });
  return markers
    .filter((m) => m.owner !== 'deltalab' && m.severity >= ed.monaco.MarkerSeverity.Warning)
    .sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn)
    .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: typeof m.message === 'string' ? m.message : String(m.message) }));
}
