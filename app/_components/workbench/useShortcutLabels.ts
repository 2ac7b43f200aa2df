'use client';

import { useSyncExternalStore } from 'react';

const OTHERS = { check: 'Ctrl+Enter', submit: 'Ctrl+Shift+Enter' };
const APPLE = { check: '⌘↵', submit: '⌘⇧↵' };

/** The platform never changes while the page is open: nothing to subscribe to. */
const subscribe = () => () => undefined;

/**
 * How Check's and Submit's shortcuts are written on the buttons: ⌘ on Apple devices, Ctrl
 * elsewhere. The server (and hydration) render the Ctrl form; the browser's platform decides after.
 */
export function useShortcutLabels(): { check: string; submit: string } {
  return useSyncExternalStore(
    subscribe,
    () => (/Mac|iPhone|iPad/.test(navigator.platform) ? APPLE : OTHERS),
    () => OTHERS,
  );
}
