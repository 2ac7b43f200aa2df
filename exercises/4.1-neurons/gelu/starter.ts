/**
 * The Gaussian error function erf(x) = (2/√π)∫₀ˣ exp(−t²) dt, accurate to about 1e-15.
 * JavaScript's Math has no erf; use this one.
 */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x >= 6) return 1; // 1 − erf(6) ≈ 2e-17 is below double precision
  const x2 = x * x;
  if (x < 2.5) {
    // erf(x) = (2/√π)·exp(−x²)·Σₙ 2ⁿx^{2n+1}/(1·3·…·(2n+1)): every term is positive.
    let term = x;
    let sum = x;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
    }
    return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  // 1 − erf(x) from Laplace's continued fraction, evaluated from the bottom up.
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
  return 1 - Math.exp(-x2) / (Math.sqrt(Math.PI) * f);
}

/** GELU(x) = x·Φ(x), with Φ the standard Gaussian CDF (exact, through erf). */
export function gelu(x: number): number {
  // TODO
  return 0;
}

/** GELU′(x) = Φ(x) + x·φ(x), with φ the standard Gaussian density. */
export function geluPrime(x: number): number {
  // TODO
  return 0;
}

/** The tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(x: number): number {
  // TODO
  return 0;
}
