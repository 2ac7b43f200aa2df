'use client';

import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';

interface Actions {
  check(): Promise<void>;
  submit(): Promise<void>;
}

/**
 * Ctrl/⌘+Enter checks and Ctrl/⌘+Shift+Enter submits, anywhere on the page. Returns stable
 * callbacks that always run the latest actions: Monaco's own commands (registered once, when it
 * takes over) call these.
 */
export function useKeyboardShortcuts(actions: Actions): { check(): void; submit(): void } {
  const latest = useRef(actions);
  // Updated after each commit, before the browser can deliver the next key press or click.
  useLayoutEffect(() => {
    latest.current = actions;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      e.preventDefault();
      void (e.shiftKey ? latest.current.submit() : latest.current.check());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return useMemo(() => ({ check: () => void latest.current.check(), submit: () => void latest.current.submit() }), []);
}
