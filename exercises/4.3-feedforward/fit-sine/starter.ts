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

/** Train a one-hidden-layer tanh network to approximate sin on [−π, π]. */
export function fitSine(seed: number): SineNet {
  const rng = createRng(seed);
  const M = 16;
  const net: SineNet = {
    W1: Array.from({ length: M }, () => [rng.uniform(-1.5, 1.5)]),
    b1: Array.from({ length: M }, () => rng.uniform(-2, 2)),
    W2: [Array.from({ length: M }, () => rng.uniform(-0.5, 0.5))],
    b2: [0],
  };
  // TODO: make training samples (x, sin x) on [−π, π] and fit the network to them by gradient
  // descent on the squared error ½(F(x) − sin x)², backpropagating through tanh.
  return net;
}
