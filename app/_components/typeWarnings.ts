import type { TypeWarning } from './Feedback';
import type { editor } from 'monaco-editor';
import type { Monaco, MonacoEditor } from './CodeEditor';

/** Marker owners that are deltalab's own. */
const OWN_MARKERS = new Set(['deltalab', 'deltalab-live']);

/**
 * The type errors Monaco's TypeScript service shows in the editor right now, read when the
 * student presses Check or Submit: the feedback lists them as warnings. Not the markers deltalab
 * sets itself ('deltalab' for the grader's verdict, 'deltalab-live' for the live example checks):
 * those are results, not type errors.
 */
export function editorTypeWarnings(ed: { editor: MonacoEditor; monaco: Monaco } | null): TypeWarning[] {
  const model = ed?.editor.getModel();
  if (!ed || !model) return [];
  const markers: editor.IMarker[] = ed.monaco.editor.getModelMarkers({ resource: model.uri });
  return markers
    .filter((m) => !OWN_MARKERS.has(m.owner) && m.severity >= ed.monaco.MarkerSeverity.Warning)
    .sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn)
    .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: typeof m.message === 'string' ? m.message : String(m.message) }));
}
