// Plain number → number functions: every activation and its derivative, written for accuracy in
// float64 over the whole real line (no overflow at ±1000, no cancellation where it can be avoided).
// The tensor activations in activations.ts apply these elementwise, and graders use them directly
// as references (exported as `scalarFns`).

// ---------------------------------------------------------------------------------------------
// Gaussian error function

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/** Below this the power series gives erf; above it the continued fraction gives erfc. */
const SERIES_LIMIT = 0.75;
/** erfc(x) is below the smallest subnormal double beyond this. */
const ERFC_UNDERFLOW = 27.3;

/**
 * exp(−x²·s) for s = 1 or ½ without the rounding error of x² (which exp would magnify by x²):
 * split x = hi + lo with hi a multiple of 1/16, so hi² is exact, and exp(−s(x²−hi²)) carries the rest.
 */
function expNegSquare(x: number, s: 1 | 0.5): number {
  const hi = Math.trunc(x * 16) / 16;
  return Math.exp(-hi * hi * s) * Math.exp(-(x - hi) * (x + hi) * s);
}

/**
 * erf(x) for 0 ≤ x < SERIES_LIMIT from the everywhere-positive series
 * erf(x) = (2/√π)·e^{−x²}·Σₙ 2ⁿx^{2n+1}/(1·3·…·(2n+1)) — no cancellation.
 */
function erfSeries(x: number, expNegX2: number): number {
  const x2 = x * x;
  let term = x;
  let total = x;
  for (let n = 1; n < 100; n++) {
    term *= (2 * x2) / (2 * n + 1);
    total += term;
    if (term < total * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * expNegX2 * total;
}

/**
 * erfc(x) for x ≥ SERIES_LIMIT from Laplace's continued fraction
 * erfc(x) = (e^{−x²}/√π) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
 * evaluated bottom-up (stable) to a depth that converges to full precision at this x.
 */
function erfcFraction(x: number, expNegX2: number): number {
  const depth = Math.ceil(12 + 220 / (x * x));
  let f = x;
  for (let n = depth; n >= 1; n--) f = x + n / 2 / f;
  return (expNegX2 * ONE_OVER_SQRT_PI) / f;
}

/** The Gaussian error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt, to about 1e-15 relative. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x < SERIES_LIMIT) return erfSeries(x, expNegSquare(x, 1));
  if (x >= ERFC_UNDERFLOW) return 1;
  return 1 - erfcFraction(x, expNegSquare(x, 1));
}

/** The complementary error function 1 − erf(x), accurate (relative) far into the right tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x, expNegSquare(x, 1));
  if (x >= ERFC_UNDERFLOW) return 0;
  return erfcFraction(x, expNegSquare(x, 1));
}

/** Standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? NaN : 0;
  return ONE_OVER_SQRT_2PI * expNegSquare(x, 0.5);
}

/** Standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in the left tail too. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x) * Math.SQRT1_2;
  let upper: number; // ½·erfc(z) = P(X > |x|)
  if (z < SERIES_LIMIT) upper = 0.5 * (1 - erfSeries(z, expNegSquare(x, 0.5)));
  else if (z >= ERFC_UNDERFLOW) upper = 0;
  else upper = 0.5 * erfcFraction(z, expNegSquare(x, 0.5)); // e^{−z²} straight from x: no rounding of z²
  return x < 0 ? upper : 1 - upper;
}

// ---------------------------------------------------------------------------------------------
// S-shaped (sigmoid family)

/** Logistic σ(x) = 1/(1 + e^{−x}); only ever exponentiates a non-positive number, so no overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ'(x) = σ(x)(1 − σ(x)), computed as σ(x)·σ(−x) so the right tail keeps its relative precision. */
export function sigmoidPrime(x: number): number {
  return sigmoid(x) * sigmoid(-x);
}

/** log σ(x) = −softplus(−x), finite for all finite x. */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

export function tanh(x: number): number {
  return Math.tanh(x);
}

/** tanh'(x) = 1 − tanh²(x) = 1/cosh²(x); the second form keeps precision in the tails. */
export function tanhPrime(x: number): number {
  const c = Math.cosh(x);
  return 1 / (c * c);
}

/** Hard-Logistic max(min(0.25x + 0.5, 1), 0). */
export function hardLogistic(x: number): number {
  return Math.max(Math.min(0.25 * x + 0.5, 1), 0);
}

/** 0.25 strictly inside (−2, 2), 0 outside; at the kinks x = ±2 we take 0. */
export function hardLogisticPrime(x: number): number {
  return x > -2 && x < 2 ? 0.25 : 0;
}

/** Hard-Tanh max(min(x, 1), −1). */
export function hardTanh(x: number): number {
  return Math.max(Math.min(x, 1), -1);
}

/** 1 strictly inside (−1, 1), 0 outside; at the kinks x = ±1 we take 0. */
export function hardTanhPrime(x: number): number {
  return x > -1 && x < 1 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Ramp (ReLU family)

export function relu(x: number): number {
  return x > 0 ? x : 0;
}

/** 1 for x > 0, 0 for x ≤ 0 (the subgradient 0 at x = 0). */
export function reluPrime(x: number): number {
  return x > 0 ? 1 : 0;
}

/** Leaky ReLU: x for x > 0, γx for x ≤ 0. */
export function leakyRelu(x: number, gamma = 0.01): number {
  return x > 0 ? x : gamma * x;
}

/** 1 for x > 0, γ for x ≤ 0 (so γ at x = 0, following the book's "x ≤ 0" branch). */
export function leakyReluPrime(x: number, gamma = 0.01): number {
  return x > 0 ? 1 : gamma;
}

/** ELU: x for x > 0, γ(eˣ − 1) for x ≤ 0 (expm1 keeps precision near 0). */
export function elu(x: number, gamma = 1): number {
  return x > 0 ? x : gamma * Math.expm1(x);
}

/** 1 for x > 0, γeˣ for x ≤ 0. */
export function eluPrime(x: number, gamma = 1): number {
  return x > 0 ? 1 : gamma * Math.exp(x);
}

/** Softplus log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}): no overflow, no loss near 0. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** softplus'(x) = σ(x). */
export function softplusPrime(x: number): number {
  return sigmoid(x);
}

// ---------------------------------------------------------------------------------------------
// Composite

/** Swish x·σ(βx). */
export function swish(x: number, beta = 1): number {
  return x * sigmoid(beta * x);
}

/** ∂swish/∂x = σ(βx) + βx·σ(βx)(1 − σ(βx)). */
export function swishPrime(x: number, beta = 1): number {
  const s = sigmoid(beta * x);
  return s + beta * x * s * sigmoid(-beta * x);
}

/** ∂swish/∂β = x²·σ(βx)(1 − σ(βx)). */
export function swishBetaPrime(x: number, beta = 1): number {
  return x * x * sigmoidPrime(beta * x);
}

/** GELU x·Φ(x), exact (through erf). */
export function gelu(x: number): number {
  return x * normalCdf(x);
}

/** GELU'(x) = Φ(x) + x·φ(x). */
export function geluPrime(x: number): number {
  return normalCdf(x) + x * normalPdf(x);
}

const GELU_TANH_C = Math.sqrt(2 / Math.PI);
const GELU_TANH_A = 0.044715;

/**
 * 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))), computed as x·σ(2u) (the same function, since
 * ½(1 + tanh u) = σ(2u)) so it does not cancel to 0 for large negative x.
 */
export function geluTanh(x: number): number {
  const u = GELU_TANH_C * (x + GELU_TANH_A * x * x * x);
  return x * sigmoid(2 * u);
}

export function geluTanhPrime(x: number): number {
  const u = GELU_TANH_C * (x + GELU_TANH_A * x * x * x);
  const du = GELU_TANH_C * (1 + 3 * GELU_TANH_A * x * x);
  return sigmoid(2 * u) + x * sigmoidPrime(2 * u) * 2 * du;
}

/** x·σ(1.702x). */
export function geluSigmoid(x: number): number {
  return x * sigmoid(1.702 * x);
}

export function geluSigmoidPrime(x: number): number {
  return sigmoid(1.702 * x) + 1.702 * x * sigmoidPrime(1.702 * x);
}
