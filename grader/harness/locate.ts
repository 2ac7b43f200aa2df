import type { Locale } from '../../lib/i18n/locales';
import type { Path, Place } from './spec';

/**
 * Names of places in an answer, as the statements count: entries, rows and columns from 1
 * (j = 1 … M_l), never the 0-based array index. The path itself (kept in `Location.path`, `row`,
 * `col`) stays 0-based: it is data, not words.
 */


/** `δ⁽ˡ⁾, entry 3` / `W⁽²⁾, row 1, column 3` (and in Chinese `δ⁽ˡ⁾ 第 3 个元素` / `W⁽²⁾ 第 1 行第 3 列`), from 0-based indices. */
export function entryLabel(name: string, indices: number[], locale: Locale = 'en'): string {
  const [i, j] = indices.map((k) => k + 1);
  if (i === undefined) return name;
  if (j === undefined) return locale === 'zh' ? `${name} 第 ${i} 个元素` : `${name}, entry ${i}`;
  return locale === 'zh' ? `${name} 第 ${i} 行第 ${j} 列` : `${name}, row ${i}, column ${j}`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Superscript digits for layer numbers: sup(2) = '²'. */
export function sup(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPT[Number(d)] ?? d).join('');
}

/**
 * Default names: a vector entry is `answer, entry 3`, a matrix element `answer, row 2, column 1`;
 * for a per-layer list of matrices (three trailing indices) the first is the layer l = k + 1.
 * Field names are kept: `dW⁽²⁾, row 3, column 1`.
 */
export function defaultLocate(path: Path, answerWord: string, locale: Locale = 'en'): Place {
  if (path.length === 0) return { label: answerWord };
  const trailing: number[] = [];
  for (let i = path.length - 1; i >= 0 && typeof path[i] === 'number'; i--) trailing.unshift(path[i] as number);
  const head = path.slice(0, path.length - trailing.length).map(String).join('.');
  const name = head || answerWord;
  if (trailing.length === 0) return { label: name };
  if (trailing.length === 1) return { label: entryLabel(name, trailing, locale), row: trailing[0] };
  if (trailing.length === 2) return { label: entryLabel(name, trailing, locale), row: trailing[0], col: trailing[1] };
  const [k, i, j] = trailing.slice(-3) as [number, number, number];
  const prefix = trailing.slice(0, -3).map((t) => `[${t + 1}]`).join('');
  return { label: entryLabel(`${name}${prefix}⁽${sup(k + 1)}⁾`, [i, j], locale), layer: k + 1, row: i, col: j };
}
