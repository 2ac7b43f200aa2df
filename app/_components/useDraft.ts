'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export type DraftState = 'saved' | 'saving' | 'offline' | 'restored' | null;

const SAVE_DELAY_MS = 1_000;

/**
 * The student's working copy of an exercise. Typed work is never lost: every change goes to
 * localStorage at once and to the server shortly after (and at once when the page is left).
 * `codeRef` always holds what the editor shows — Check and Submit grade exactly that.
 */
export function useDraft(opts: {
  exerciseId: string;
  userId: string | null;
  starter: string;
  draft: { code: string; updatedAt: number } | null;
  /** Called once after mount with the newest draft (server or this browser's buffer). */
  onRestore(code: string): void;
}) {
  const { exerciseId, userId, starter } = opts;
  const serverUpdatedAt = opts.draft?.updatedAt ?? 0;
  // The caller's restore callback may be a new function each render: the effect below reads the newest.
  const onRestore = useRef(opts.onRestore);
  useLayoutEffect(() => {
    onRestore.current = opts.onRestore;
  });
  const storageKey = `deltalab:draft:${userId ?? 'anonymous'}:${exerciseId}`;
  /** The code the server rendered into the editor. */
  const serverCode = opts.draft?.code ?? opts.starter;
  const codeRef = useRef(serverCode);
  const savedRef = useRef(opts.draft?.code ?? null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [draftState, setDraftState] = useState<DraftState>(null);

  const saveNow = useCallback(
    async (keepalive = false) => {
      clearTimeout(saveTimer.current);
      const code = codeRef.current;
      if (!userId || code === savedRef.current) return;
      setDraftState('saving');
      try {
        const res = await fetch(`/api/drafts/${encodeURIComponent(exerciseId)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
          keepalive,
        });
        if (!res.ok) throw new Error(String(res.status));
        savedRef.current = code;
        setDraftState(codeRef.current === code ? 'saved' : 'saving');
      } catch {
        setDraftState('offline');
      }
    },
    [exerciseId, userId],
  );

  const scheduleSave = useCallback(
    (delay = SAVE_DELAY_MS) => {
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void saveNow(), delay);
    },
    [saveNow],
  );

  const onChange = useCallback(
    (code: string) => {
      if (code === codeRef.current) return;
      codeRef.current = code;
      try {
        localStorage.setItem(storageKey, JSON.stringify({ code, t: Date.now() }));
      } catch {
        // quota or privacy mode: the server draft still saves
      }
      if (userId) {
        setDraftState('saving');
        scheduleSave();
      }
    },
    [storageKey, userId, scheduleSave],
  );

  // The newest of the server draft and this browser's buffer wins. Runs once per exercise and
  // student (its inputs are the page's props, which do not change while the page is open).
  useEffect(() => {
    let code = serverCode;
    try {
      // Work typed before signing in was buffered under "anonymous": it is carried over.
      const stored = localStorage.getItem(storageKey) ?? (userId ? localStorage.getItem(`deltalab:draft:anonymous:${exerciseId}`) : null);
      const local = JSON.parse(stored ?? 'null') as { code?: unknown; t?: unknown } | null;
      if (local && typeof local.code === 'string' && typeof local.t === 'number' && local.t > serverUpdatedAt && local.code !== code) {
        code = local.code;
      }
    } catch {
      // storage unavailable or corrupt: the server draft stands
    }
    if (code !== serverCode && codeRef.current === serverCode) {
      codeRef.current = code;
      onRestore.current(code);
    }
    if (codeRef.current !== starter) setDraftState('restored');
    if (userId && codeRef.current !== savedRef.current && codeRef.current !== starter) scheduleSave(0);
  }, [exerciseId, userId, starter, storageKey, serverCode, serverUpdatedAt, scheduleSave]);

  // Leaving the page (or the tab going to the background) saves at once.
  useEffect(() => {
    const flush = () => {
      if (document.visibilityState === 'hidden') void saveNow(true);
    };
    const onPageHide = () => void saveNow(true);
    document.addEventListener('visibilitychange', flush);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', flush);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [saveNow]);

  return { codeRef, draftState, onChange, saveNow };
}
