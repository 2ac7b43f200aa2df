'use client';

import { useEffect } from 'react';

/**
 * Display equations wider than the statement scroll sideways inside their own box. Such a box gets
 * a visible cue (shadows at the hidden edges, CSS `.math-display.scrollable`) and becomes reachable
 * by keyboard (tabindex, a named region) so it can be scrolled with the arrow keys. Narrow
 * equations get neither: no useless tab stops. Rechecked when the window changes size.
 */
export function EquationScroll({ label }: { label: string }) {
  useEffect(() => {
    const mark = () => {
      for (const el of document.querySelectorAll<HTMLElement>('.prose .math-display')) {
        const wide = el.scrollWidth > el.clientWidth + 1;
        el.classList.toggle('scrollable', wide);
        if (wide) {
          el.tabIndex = 0;
          el.setAttribute('role', 'region');
          el.setAttribute('aria-label', label);
        } else {
          el.removeAttribute('tabindex');
          el.removeAttribute('role');
          el.removeAttribute('aria-label');
        }
      }
    };
    mark();
    const observer = new ResizeObserver(mark);
    observer.observe(document.body);
    for (const el of document.querySelectorAll('.prose .math-display')) observer.observe(el);
    return () => observer.disconnect();
  }, [label]);
  return null;
}
