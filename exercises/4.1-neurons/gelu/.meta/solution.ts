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

/** Φ(x) = P(X ≤ x) for X ~ N(0, 1). */
function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/** φ(x) = exp(−x²/2)/√(2π). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

export function gelu(x: number): number {
  return x * normalCdf(x);
}

export function geluPrime(x: number): number {
  return normalCdf(x) + x * normalPdf(x);
}

// Math.tanh saturates to ±1, so u may be as large as it likes (u grows like x³).
export function geluTanh(x: number): number {
  const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
  return 0.5 * x * (1 + Math.tanh(u));
}
