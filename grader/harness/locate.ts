import type { Path, Place } from './spec';

/**
 * Default names for places in an answer: `[i]` for vectors, `[i][j]` with row and column for
 * matrices, `[k][i][j]` with layer k + 1 for per-layer lists of matrices. Field names are kept:
 * `dW[1][2][0]`.
 */
export function defaultLocate(path: Path, answerWord: string): Place {
  if (path.length === 0) return { label: answerWord };
  const label = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  const trailing: number[] = [];
  for (let i = path.length - 1; i >= 0 && typeof path[i] === 'number'; i--) trailing.unshift(path[i] as number);
  const place: Place = { label: typeof path[0] === 'number' ? `${answerWord}${label}` : label };
  if (trailing.length === 1) place.row = trailing[0];
  if (trailing.length === 2) [place.row, place.col] = trailing;
  if (trailing.length >= 3) {
    const [k, i, j] = trailing.slice(-3) as [number, number, number];
    Object.assign(place, { layer: k + 1, row: i, col: j });
  }
  return place;
}
