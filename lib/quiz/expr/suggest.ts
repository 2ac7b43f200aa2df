/** The closest known name to a misspelt one, if any is close enough to be a plausible typo. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number; lengthGap: number } | undefined;
  for (const candidate of known) {
    if (candidate.toLowerCase() === lower) return candidate;
    const distance = editDistance(name, candidate, 3);
    // A plausible typo: at most two edits, and fewer than half the letters (`y` is no typo of `x`).
    const plausible = distance <= 2 && distance * 2 < Math.max(name.length, candidate.length);
    const lengthGap = Math.abs(candidate.length - name.length);
    if (plausible && (!best || distance < best.distance || (distance === best.distance && lengthGap < best.lengthGap))) {
      best = { name: candidate, distance, lengthGap };
    }
  }
  return best?.name;
}

/**
 * Edit distance where swapping two neighbouring letters counts as one edit (`tahn` → `tanh`),
 * giving up (returning `cap`) once it must reach `cap`.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, cap);
}
