// Keeps a reference to the network being trained instead of a copy: the "best" weights are the last ones.
export interface Layer {
  /** W⁽ˡ⁾, M_l rows of M_{l−1} weights */
  W: number[][];
  /** b⁽ˡ⁾, M_l biases */
  b: number[];
}
export interface Sample {
  x: number[];
  /** the true class, 0 ≤ y < C */
  y: number;
}
export interface TrainOptions {
  /** the initial network, layers 1..L (do not modify it) */
  network: Layer[];
  /** learning rate α */
  alpha: number;
  /** weight decay λ */
  lambda: number;
  maxEpochs: number;
  /** stop once this many epochs in a row bring no new best validation accuracy */
  patience: number;
  /** seed for createRng, which shuffles the training set */
  seed: number;
}
export interface TrainResult {
  /** the weights after the best epoch */
  network: Layer[];
  /** history[e − 1]: the validation accuracy after epoch e, for every epoch that ran */
  history: number[];
  /** the epoch (1-based) with the highest validation accuracy, the first one on ties */
  bestEpoch: number;
}

/** Seeded random numbers: the same seed gives the same sequence everywhere. */
export interface Rng {
  /** uniform in [0, 1) */
  random(): number;
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

/** A deep copy: changing the copy never changes the original. */
export function cloneNetwork(network: Layer[]): Layer[] {
  return network.map(({ W, b }) => ({ W: W.map((row) => row.slice()), b: b.slice() }));
}

/** The logits z⁽ᴸ⁾: tanh hidden layers, a linear last layer. */
export function logits(network: Layer[], x: number[]): number[] {
  let a = x;
  network.forEach(({ W, b }, k) => {
    const z = W.map((row, i) => row.reduce((s, w, j) => s + w * a[j], b[i]));
    a = k < network.length - 1 ? z.map(Math.tanh) : z;
  });
  return a;
}

/** The fraction of samples whose largest logit is the true class (the first largest on ties). */
export function accuracy(network: Layer[], samples: Sample[]): number {
  let correct = 0;
  for (const { x, y } of samples) {
    const z = logits(network, x);
    let predicted = 0;
    for (let c = 1; c < z.length; c++) if (z[c] > z[predicted]) predicted = c;
    if (predicted === y) correct++;
  }
  return correct / samples.length;
}

/** One step of SGD on one sample: forward, backward, then update every layer in place. */
function step(network: Layer[], { x, y }: Sample, alpha: number, lambda: number): void {
  const L = network.length;
  // Forward, keeping a⁽⁰⁾ = x, a⁽¹⁾, …, a⁽ᴸ⁻¹⁾ and the logits z⁽ᴸ⁾.
  const a: number[][] = [x];
  let z: number[] = [];
  for (let l = 0; l < L; l++) {
    const { W, b } = network[l];
    const input = a[l];
    z = W.map((row, i) => row.reduce((s, w, j) => s + w * input[j], b[i]));
    if (l < L - 1) a.push(z.map(Math.tanh));
  }

  // Backward: δ⁽ᴸ⁾ = softmax(z⁽ᴸ⁾) − y, then δ⁽ˡ⁾ = tanh'(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾, with the weights
  // of this forward pass: no layer is updated before every δ is known.
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e.reduce((s, v) => s + v, 0);
  const deltas: number[][] = new Array(L);
  deltas[L - 1] = e.map((v, c) => v / sum - (c === y ? 1 : 0));
  for (let l = L - 2; l >= 0; l--) {
    const next = network[l + 1].W;
    const dNext = deltas[l + 1];
    deltas[l] = a[l + 1].map((al, j) => {
      let back = 0;
      for (let i = 0; i < dNext.length; i++) back += next[i][j] * dNext[i];
      return (1 - al * al) * back;
    });
  }

  // W⁽ˡ⁾ ← W⁽ˡ⁾ − α(δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ + λW⁽ˡ⁾),  b⁽ˡ⁾ ← b⁽ˡ⁾ − αδ⁽ˡ⁾ (biases are not decayed).
  for (let l = 0; l < L; l++) {
    const { W, b } = network[l];
    const d = deltas[l];
    const input = a[l];
    for (let i = 0; i < W.length; i++) {
      for (let j = 0; j < W[i].length; j++) W[i][j] -= alpha * (d[i] * input[j] + lambda * W[i][j]);
      b[i] -= alpha * d[i];
    }
  }
}

export function train(data: { train: Sample[]; validation: Sample[] }, options: TrainOptions): TrainResult {
  const { alpha, lambda, maxEpochs, patience, seed } = options;
  const network = cloneNetwork(options.network);
  const rng = createRng(seed);
  const indices = data.train.map((_, n) => n);

  const history: number[] = [];
  let best = { epoch: 0, accuracy: -1, network: cloneNetwork(network) };
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    for (const n of rng.shuffle(indices)) step(network, data.train[n], alpha, lambda);
    const acc = accuracy(network, data.validation);
    history.push(acc);
    if (acc > best.accuracy) {
      best = { epoch, accuracy: acc, network };
    } else if (epoch - best.epoch >= patience) {
      break;
    }
  }
  return { network: best.network, history, bestEpoch: best.epoch };
}
