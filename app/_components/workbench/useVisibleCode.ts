'use client';

import { useCallback, useRef, useState } from 'react';
import type { CodeEditorHandle } from '../CodeEditor';

/**
 * The code on screen, whichever editor holds it. `ready` turns true once the plain editor is live
 * (hydrated): from then on Check and Submit grade exactly what the student sees.
 */
export function useVisibleCode() {
  const handle = useRef<CodeEditorHandle>(null);
  const readyRef = useRef(false);
  const [ready, setReady] = useState(false);

  const onPlainReady = useCallback(() => {
    readyRef.current = true;
    setReady(true);
  }, []);

  /** The code on screen, exactly; null while no editor is live (nothing invisible is ever graded). */
  const visibleCode = useCallback((): string | null => (handle.current && readyRef.current ? handle.current.getValue() : null), []);

  return { handle, ready, onPlainReady, visibleCode };
}
