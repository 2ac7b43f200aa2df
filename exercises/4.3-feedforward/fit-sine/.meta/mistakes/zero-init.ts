// Starts every weight and bias at 0: all hidden units stay identical (and here, stuck at 0).
export interface SineNet {
  /** W⁽¹⁾: M rows of one weight each (M × 1) */
  W1: number[][];
  /** b⁽¹⁾: M biases */
  b1: number[];
  /** W⁽²⁾: one row of M weights (1 × M) */
  W2: number[][];
  /** b⁽²⁾: one bias */
  b2: number[];
}

/** Seeded random numbers: the same seed gives the same sequence everywhere. */
export interface Rng {
  /** uniform in [0, 1) */
  random(): number;
  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number;
  /** a shuffled copy of the array (Fisher–Yates, from the last element down) */
  shuffle<T>(array: readonly T[]): T[];
}

/** mulberry32: 32-bit state, integer arithmetic only. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    random,
    uniform: (lo: number, hi: number): number => lo + (hi - lo) * random(),
    shuffle<T>(array: readonly T[]): T[] {
      const out = array.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/** F(x) = W⁽²⁾ tanh(W⁽¹⁾x + b⁽¹⁾) + b⁽²⁾, the function the checks evaluate. */
export function evaluate(net: SineNet, x: number): number {
  let y = net.b2[0];
  for (let m = 0; m < net.b1.length; m++) y += net.W2[0][m] * Math.tanh(net.W1[m][0] * x + net.b1[m]);
  return y;
}

const HIDDEN = 16;
const SAMPLES = 64;
const EPOCHS = 2000;
const LEARNING_RATE = 0.05;

export function fitSine(seed: number): SineNet {
  const rng = createRng(seed);
  const M = HIDDEN;
  const w1 = new Array<number>(M).fill(0);
  const b1 = new Array<number>(M).fill(0);
  const w2 = new Array<number>(M).fill(0);
  let b2 = 0;

  const xs = Array.from({ length: SAMPLES }, (_, n) => -Math.PI + (2 * Math.PI * n) / (SAMPLES - 1));
  const h = new Array<number>(M);
  let order = xs.map((_, n) => n);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    order = rng.shuffle(order);
    for (const n of order) {
      const x = xs[n];
      let y = b2;
      for (let m = 0; m < M; m++) {
        h[m] = Math.tanh(w1[m] * x + b1[m]);
        y += w2[m] * h[m];
      }
      const delta2 = y - Math.sin(x); // δ⁽²⁾ = ∂(½e²)/∂z⁽²⁾
      for (let m = 0; m < M; m++) {
        const delta1 = (1 - h[m] * h[m]) * w2[m] * delta2;
        w2[m] -= LEARNING_RATE * delta2 * h[m];
        w1[m] -= LEARNING_RATE * delta1 * x;
        b1[m] -= LEARNING_RATE * delta1;
      }
      b2 -= LEARNING_RATE * delta2;
    }
  }
  return { W1: w1.map((w) => [w]), b1, W2: [w2], b2: [b2] };
}
