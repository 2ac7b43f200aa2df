'use client';

import { useCallback, useEffect, useState } from 'react';

/**
 * The content width of an element, kept current by a ResizeObserver: the graph's layout follows
 * the space the feedback really has (a side pane on a laptop, the full width on a phone), which a
 * viewport media query cannot know. A callback ref, so an element mounted later is observed too.
 */
export function useWidth<E extends HTMLElement>(): [(el: E | null) => void, number | null] {
  const [element, setElement] = useState<E | null>(null);
  const [width, setWidth] = useState<number | null>(null);
  const ref = useCallback((el: E | null) => setElement(el), []);
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      // Whole pixels: sub-pixel jitter would lay the graph out again for nothing.
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [ref, width];
}
