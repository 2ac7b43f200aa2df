/**
 * A line diff of two attempts (longest common subsequence). Submissions are small (the grader
 * refuses more than 64 kB), so the quadratic table is fine; past MAX_CELLS it falls back to
 * "everything changed" rather than use unbounded memory.
 */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  /** 1-based line numbers in the old and new text. */
  a?: number;
  b?: number;
}

const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text, i) => ({ op: '-' as const, text, a: i + 1 })), ...b.map((text, j) => ({ op: '+' as const, text, b: j + 1 }))];
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]!, a: i + 1, b: j + 1 });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ op: '-', text: a[i]!, a: i + 1 });
      i++;
    } else {
      out.push({ op: '+', text: b[j]!, b: j + 1 });
      j++;
    }
  }
  for (; i < a.length; i++) out.push({ op: '-', text: a[i]!, a: i + 1 });
  for (; j < b.length; j++) out.push({ op: '+', text: b[j]!, b: j + 1 });
  return out;
}
