'use client';

import type { Messages } from '../../../lib/i18n/catalog';
import { useShortcutLabels } from './useShortcutLabels';

/** Check, Submit (each with its shortcut) and Reset to the starter, under the editor. */
export function WorkbenchActions({
  canRun,
  codeReady,
  t,
  onCheck,
  onSubmit,
  onReset,
}: {
  /** The code is live and nothing is running. */
  canRun: boolean;
  codeReady: boolean;
  t: Messages['exercise'];
  onCheck(): void;
  onSubmit(): void;
  onReset(): void;
}) {
  const keys = useShortcutLabels();
  return (
    <div className="actions">
      <button type="button" onClick={onCheck} disabled={!canRun} aria-keyshortcuts="Control+Enter Meta+Enter" title={t.checkHelp}>
        {t.check} <kbd>{keys.check}</kbd>
      </button>
      <button type="button" className="primary" onClick={onSubmit} disabled={!canRun} aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter" title={t.submitHelp}>
        {t.submit} <kbd>{keys.submit}</kbd>
      </button>
      <button
        type="button"
        className="link-button reset"
        disabled={!codeReady}
        onClick={() => {
          if (window.confirm(t.confirmReset)) onReset();
        }}
      >
        {t.resetToStarter}
      </button>
    </div>
  );
}
