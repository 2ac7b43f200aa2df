/**
 * Which way to draw a graph, and how much to shrink it, for the width its container has now.
 * Left to right like the book's figure when that fits with its text still legible; else top to
 * bottom, which is narrow for the chain-like graphs of 4.5. Shrinking stops at MIN_SCALE (12 px
 * text drawn at 9 px): a graph that cannot fit even so scrolls inside its own box, never the page.
 */

/** Below this the 12 px node text gets hard to read. */
export const MIN_SCALE = 0.75;
/** Left to right is kept while it needs no more shrinking than this. */
const LR_SCALE = 0.85;

export interface Fit {
  direction: 'LR' | 'TB';
  scale: number;
}

export function fitGraph(lrWidth: number, tbWidth: number, available: number): Fit {
  const scaleFor = (width: number) => (width <= 0 ? 1 : Math.min(1, available / width));
  const lr = scaleFor(lrWidth);
  if (lr >= LR_SCALE) return { direction: 'LR', scale: lr };
  const tb = scaleFor(tbWidth);
  const best: Fit = tb >= lr ? { direction: 'TB', scale: tb } : { direction: 'LR', scale: lr };
  return { direction: best.direction, scale: Math.max(best.scale, MIN_SCALE) };
}

/** A graph's drawn width each way, in CSS pixels at scale 1. */
export interface Widths {
  LR: number;
  TB: number;
}

/**
 * One direction for the student's graph and the reference drawn side by side: the wider graph
 * (the one needing more room left to right) decides, since a direction the narrower one could keep
 * would leave the wider one unreadable, and two graphs drawn different ways are hard to compare.
 */
export function pairDirection(graphs: Widths[], available: number): Fit['direction'] {
  const widest = graphs.reduce<Widths | null>((w, g) => (w === null || g.LR > w.LR ? g : w), null);
  return widest ? fitGraph(widest.LR, widest.TB, available).direction : 'LR';
}

/** The scale for a graph in a direction chosen for it: as large as fits, never below MIN_SCALE, never enlarged. */
export function scaleFor(width: number, available: number): number {
  return Math.max(MIN_SCALE, width <= 0 ? 1 : Math.min(1, available / width));
}
