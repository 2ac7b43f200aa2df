'use client';

import { useEffect, useState } from 'react';

/**
 * The formula parser and KaTeX are loaded when a quiz first needs them (a formula or number field
 * is used, a saved formula is shown, or Submit checks the answers), not with the page: together
 * they are most of a quiz page's JavaScript, and a student reading the questions needs neither.
 */

type Expr = typeof import('../../lib/quiz/expr');
type Katex = (typeof import('katex'))['default'];

let exprModule: Promise<Expr> | undefined;
let katexModule: Promise<Katex> | undefined;

export function loadExpr(): Promise<Expr> {
  return (exprModule ??= import('../../lib/quiz/expr'));
}

export function loadKatex(): Promise<Katex> {
  return (katexModule ??= import('katex').then((m) => m.default));
}

/** The module once `wanted` has been true and it has loaded; null before. */
export function useLazyModule<T>(load: () => Promise<T>, wanted: boolean): T | null {
  const [mod, setMod] = useState<T | null>(null);
  useEffect(() => {
    if (!wanted || mod) return;
    let live = true;
    load()
      .then((m) => {
        if (live) setMod(() => m);
      })
      .catch(() => undefined); // a failed chunk load leaves the preview waiting; Submit retries it
    return () => {
      live = false;
    };
  }, [wanted, mod, load]);
  return mod;
}
