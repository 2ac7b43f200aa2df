// Only the branch that applies is evaluated, so exp never sees a large positive x.
// expm1 keeps eˣ − 1 accurate for x near 0.
export function elu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * Math.expm1(x);
}

// At x = 0 we take the left branch, γe⁰ = γ: a value between the one-sided derivatives.
export function eluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : gamma * Math.exp(x);
}
