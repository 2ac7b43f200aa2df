import type { Messages } from '../../../lib/i18n/catalog';
import type { DraftState } from '../useDraft';

/** Where the draft is: saved, saving, offline (kept in this browser), or restored. */
export function DraftStateLabel({ state, t }: { state: DraftState; t: Messages['exercise'] }) {
  const text =
    state === 'saved' ? t.draftSaved : state === 'saving' ? t.draftSaving : state === 'offline' ? t.draftOffline : state === 'restored' ? t.draftRestored : '';
  return (
    <span className="muted small draft-state" data-testid="draft-state" data-state={state ?? ''}>
      {text}
    </span>
  );
}
