import { check, defineChecks, entryLabel, examples, sup, type InputRng, type JudgeFailure, type Path } from '../../../grader/harness';
import { argmax, createRng, mlp, type Mlp } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface Layer {
  W: number[][];
  b: number[];
}
interface Sample {
  x: number[];
  y: number;
}
interface Input {
  data: { train: Sample[]; validation: Sample[] };
  options: { network: Layer[]; alpha: number; lambda: number; maxEpochs: number; patience: number; seed: number };
}
interface TrainResult {
  network: Layer[];
  history: number[];
  bestEpoch: number;
}

const MIN_ACCURACY = 0.9;

const call = (m: typeof Starter, i: Input) => m.train(i.data, i.options);

// ---------------------------------------------------------------------------------------------
// The reference: the book's algorithm on the reference engine (tanh hidden layers, softmax
// cross-entropy), shuffling with the same generator as the starter's createRng.

const sizesOf = (network: Layer[]) => [network[0]!.W[0]!.length, ...network.map((l) => l.W.length)];
const toNet = (network: Layer[]): Mlp => mlp({ sizes: sizesOf(network), activations: 'tanh', output: 'softmax', weights: network });
const fromNet = (net: Mlp): Layer[] => net.layers.map(({ W, b }) => ({ W: W.toNested() as number[][], b: b.toNested() as number[] }));

function validationAccuracy(net: Mlp, samples: Sample[]): number {
  const predicted = argmax(net.forward(samples.map((s) => s.x)));
  return predicted.filter((c, n) => c === samples[n]!.y).length / samples.length;
}

function referenceTrain({ data, options }: Input): TrainResult {
  const { alpha, lambda, maxEpochs, patience, seed } = options;
  const net = toNet(options.network);
  const rng = createRng(seed);
  const indices = data.train.map((_, n) => n);
  const history: number[] = [];
  let best = { epoch: 0, accuracy: -1, network: fromNet(net) };
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    for (const n of rng.shuffle(indices)) {
      const { x, y } = data.train[n]!;
      net.zeroGrad();
      net.loss(x, y).backward();
      for (const { W, b } of net.layers) {
        for (let k = 0; k < W.size; k++) W.data[k] -= alpha * (W.grad![k]! + lambda * W.data[k]!);
        for (let k = 0; k < b.size; k++) b.data[k] -= alpha * b.grad![k]!;
      }
    }
    const acc = validationAccuracy(net, data.validation);
    history.push(acc);
    if (acc > best.accuracy) best = { epoch, accuracy: acc, network: fromNet(net) };
    else if (epoch - best.epoch >= patience) break;
  }
  return { network: best.network, history, bestEpoch: best.epoch };
}

// ---------------------------------------------------------------------------------------------
// Data sets and initial networks, all seeded.

/** Two interleaved spiral arms, one per class, with Gaussian noise. */
function spirals(rng: InputRng, n: number, noise: number): Sample[] {
  return Array.from({ length: n }, (_, k) => {
    const y = k % 2;
    const t = 0.15 + 0.85 * rng.random();
    const angle = 2 * Math.PI * t + y * Math.PI;
    const r = 2 * t;
    return { x: [r * Math.cos(angle) + rng.normal(0, noise), r * Math.sin(angle) + rng.normal(0, noise)], y };
  });
}

/** Two Gaussian blobs around (−1, −1) and (1, 1). */
function blobs(rng: InputRng, n: number, spread: number): Sample[] {
  return Array.from({ length: n }, (_, k) => {
    const y = k % 2;
    const centre = y === 0 ? -1 : 1;
    return { x: [centre + rng.normal(0, spread), centre + rng.normal(0, spread)], y };
  });
}

/** Glorot-uniform weights, zero biases. */
function initialNetwork(rng: InputRng, sizes: number[]): Layer[] {
  return sizes.slice(1).map((rows, l) => {
    const limit = Math.sqrt(6 / (sizes[l]! + rows));
    return { W: Array.from({ length: rows }, () => Array.from({ length: sizes[l]! }, () => rng.uniform(-limit, limit))), b: new Array<number>(rows).fill(0) };
  });
}

function describe({ data, options }: Input, locale: 'en' | 'zh' = 'en'): string {
  const { alpha, lambda, maxEpochs, patience, seed, network } = options;
  const rest = `α = ${alpha}, λ = ${lambda}, maxEpochs = ${maxEpochs}, patience = ${patience}, seed = ${seed}`;
  return locale === 'zh'
    ? `${data.train.length} 个训练样本和 ${data.validation.length} 个验证样本，网络 ${sizesOf(network).join('-')}，${rest}`
    : `${data.train.length} training and ${data.validation.length} validation samples, network ${sizesOf(network).join('-')}, ${rest}`;
}

function locate(path: Path, locale: 'en' | 'zh') {
  const [field, l, name, i, j] = path;
  if (field === 'network' && typeof l === 'number') {
    const layer = l + 1;
    if (name === 'W' && typeof i === 'number' && typeof j === 'number') return { label: entryLabel(`W⁽${sup(layer)}⁾`, [i, j], locale), layer, row: i, col: j };
    if (name === 'b' && typeof i === 'number') return { label: entryLabel(`b⁽${sup(layer)}⁾`, [i], locale), layer, row: i };
    return { label: `network[${l}]${name ? `.${String(name)}` : ''} (layer ${layer})`, layer };
  }
  if (field === 'history' && typeof l === 'number') return { label: locale === 'zh' ? `第 ${l + 1} 轮后的验证准确率` : `validation accuracy after epoch ${l + 1}`, row: l };
  return { label: String(field ?? 'the answer') };
}

// ---------------------------------------------------------------------------------------------
// Judges for the long runs: the learner's own history decides, the reference engine re-evaluates.

function resultProblem(got: unknown, input: Input): JudgeFailure | null {
  const fail = (en: string, zh: string, path?: Path): JudgeFailure => ({ message: { en, zh }, path });
  if (got === null || typeof got !== 'object') return fail('train must return { network, history, bestEpoch }.', 'train 必须返回 { network, history, bestEpoch }。');
  const r = got as Record<string, unknown>;
  const h = r.history;
  if (!Array.isArray(h) || h.length < 1 || h.length > input.options.maxEpochs || !h.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
    return fail(
      `history must hold one validation accuracy in [0, 1] per epoch that ran (1 to maxEpochs = ${input.options.maxEpochs} entries).`,
      `history 必须为每个运行过的轮次保存一个 [0, 1] 内的验证准确率（1 到 maxEpochs = ${input.options.maxEpochs} 个）。`,
      ['history'],
    );
  }
  if (typeof r.bestEpoch !== 'number' || !Number.isInteger(r.bestEpoch) || r.bestEpoch < 1 || r.bestEpoch > h.length) {
    return fail(`bestEpoch must be an epoch that ran, between 1 and ${h.length}.`, `bestEpoch 必须是运行过的某一轮，在 1 到 ${h.length} 之间。`, ['bestEpoch']);
  }
  const sizes = sizesOf(input.options.network);
  const net = r.network;
  const okLayer = (layer: unknown, l: number) => {
    if (layer === null || typeof layer !== 'object') return false;
    const { W, b } = layer as Record<string, unknown>;
    const rows = sizes[l + 1]!;
    const cols = sizes[l]!;
    const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    return Array.isArray(W) && W.length === rows && W.every((row) => Array.isArray(row) && row.length === cols && row.every(finite)) && Array.isArray(b) && b.length === rows && b.every(finite);
  };
  if (!Array.isArray(net) || net.length !== sizes.length - 1 || !net.every(okLayer)) {
    return fail(
      `network must have the shapes of the initial network (${sizes.join('-')}) and finite weights.`,
      `network 的形状必须与初始网络相同（${sizes.join('-')}），且权重均为有限数。`,
      ['network'],
    );
  }
  return null;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function judgeAccuracy(got: unknown, input: Input): JudgeFailure | null {
  const problem = resultProblem(got, input);
  if (problem) return problem;
  const { history } = got as TrainResult;
  const best = Math.max(...history);
  if (best >= MIN_ACCURACY) return null;
  return {
    message: {
      en: `Your best validation accuracy is ${pct(best)} after ${history.length} epoch(s); it must reach ${pct(MIN_ACCURACY)}. Check the forward and backward passes and the update rule.`,
      zh: `你在 ${history.length} 轮训练后的最佳验证准确率为 ${pct(best)}；要求达到 ${pct(MIN_ACCURACY)}。请检查前向计算、反向传播与更新规则。`,
    },
    path: ['history'],
  };
}

function judgeBestEpoch(got: unknown, input: Input): JudgeFailure | null {
  const problem = resultProblem(got, input);
  if (problem) return problem;
  const { history, bestEpoch } = got as TrainResult;
  const { maxEpochs, patience } = input.options;
  const first = history.indexOf(Math.max(...history)) + 1;
  if (bestEpoch !== first) {
    return {
      message: {
        en: `bestEpoch is ${bestEpoch}, but by your own history the highest validation accuracy, ${pct(history[first - 1]!)}, came first after epoch ${first}.`,
        zh: `bestEpoch 为 ${bestEpoch}，但按你自己的 history，最高验证准确率 ${pct(history[first - 1]!)} 最早出现在第 ${first} 轮之后。`,
      },
      path: ['bestEpoch'],
    };
  }
  const ran = history.length;
  const expectedEnd = Math.min(maxEpochs, bestEpoch + patience);
  if (ran !== expectedEnd) {
    return ran > expectedEnd
      ? {
          message: {
            en: `Training went on for ${ran} epochs, but after the best epoch ${bestEpoch} there were ${patience} epochs without improvement by epoch ${expectedEnd}: early stopping should have ended it there.`,
            zh: `训练进行了 ${ran} 轮，但最佳轮次 ${bestEpoch} 之后到第 ${expectedEnd} 轮已连续 ${patience} 轮没有提升：提前停止应在那时结束训练。`,
          },
          path: ['history'],
        }
      : {
          message: {
            en: `Training stopped after ${ran} epochs, only ${ran - bestEpoch} after the best epoch ${bestEpoch}; it should go on until ${patience} epochs bring no improvement (or maxEpochs = ${maxEpochs}).`,
            zh: `训练在 ${ran} 轮后停止，距最佳轮次 ${bestEpoch} 只有 ${ran - bestEpoch} 轮；应继续训练，直到连续 ${patience} 轮没有提升（或达到 maxEpochs = ${maxEpochs}）。`,
          },
          path: ['history'],
        };
  }
  return null;
}

function judgeBestWeights(got: unknown, input: Input): JudgeFailure | null {
  const problem = resultProblem(got, input);
  if (problem) return problem;
  const { network, history, bestEpoch } = got as TrainResult;
  const reported = history[bestEpoch - 1]!;
  const actual = validationAccuracy(toNet(network), input.data.validation);
  if (Math.abs(actual - reported) < 1e-9) return null;
  const last = history[history.length - 1]!;
  const lastNote = Math.abs(actual - last) < 1e-9 && history.length !== bestEpoch;
  return {
    message: {
      en: `The network you returned classifies ${pct(actual)} of the validation set, but your history says ${pct(reported)} after the best epoch ${bestEpoch}.${lastNote ? ` ${pct(actual)} is the accuracy after your last epoch, ${history.length}.` : ''} Return the weights as they were after the best epoch.`,
      zh: `你返回的网络在验证集上的准确率为 ${pct(actual)}，但你的 history 记录最佳轮次 ${bestEpoch} 之后为 ${pct(reported)}。${lastNote ? `${pct(actual)} 是你最后一轮（第 ${history.length} 轮）之后的准确率。` : ''}请返回最佳轮次结束时的权重。`,
    },
    path: ['network'],
  };
}

// ---------------------------------------------------------------------------------------------

const EXAMPLE: Input = {
  data: {
    train: [
      { x: [-1, -1], y: 0 },
      { x: [1, 1], y: 1 },
      { x: [-1.5, -0.5], y: 0 },
      { x: [0.5, 1.5], y: 1 },
      { x: [-0.5, 0.5], y: 0 },
      { x: [0.5, -0.5], y: 1 },
    ],
    validation: [
      { x: [-1, 0], y: 0 },
      { x: [1, 0.5], y: 1 },
      { x: [0, -1], y: 0 },
      { x: [0.5, 0], y: 1 },
    ],
  },
  options: {
    network: [
      {
        W: [
          [0.5, -0.5],
          [-0.5, -0.5],
        ],
        b: [0, 0],
      },
      {
        W: [
          [0.5, 0.5],
          [-0.5, 0.5],
        ],
        b: [0, 0],
      },
    ],
    alpha: 0.1,
    lambda: 0.01,
    maxEpochs: 10,
    patience: 2,
    seed: 2,
  },
};

function spiralCase(rng: InputRng, seed: number): Input {
  return {
    data: { train: spirals(rng, 150, 0.15), validation: spirals(rng, 100, 0.15) },
    options: { network: initialNetwork(rng, [2, 12, 12, 2]), alpha: 0.05, lambda: 1e-4, maxEpochs: 120, patience: 15, seed },
  };
}

// Weights after several epochs agree to ~1e-13 between implementations; 1e-6 leaves room for
// any order of summation while a different algorithm is off by far more.
/**
 * α = 0: the network never changes, so `history` is the accuracy of the given weights each epoch,
 * as the starter's `accuracy` defines it. Three networks that need that definition exactly: logits
 * that tie (the first class wins) and logits of 20 and 25 (Math.tanh would round both to 1 and tie
 * them), each with every validation sample in the class it must pick; and a network wrong on every
 * validation sample (accuracy 0 at epoch 1 is still the best so far: bestEpoch 1).
 */
function fixedNetworks(rng: InputRng): Input[] {
  const data = { train: blobs(rng, 6, 0.5), validation: blobs(rng, 8, 0.5) };
  const hidden = { W: [[1, -1], [0.5, 0.5]], b: [0, 0] };
  const run = (last: Layer, validation: Sample[]): Input => ({
    data: { train: data.train, validation },
    options: { network: [hidden, last], alpha: 0, lambda: 0, maxEpochs: 4, patience: 2, seed: 5 },
  });
  const labelled = (y: number) => data.validation.map(({ x }) => ({ x, y }));
  return [
    run({ W: [[1, 1], [1, 1]], b: [0.5, 0.5] }, labelled(0)),
    run({ W: [[0, 0], [0, 0]], b: [20, 25] }, labelled(1)),
    run({ W: [[0, 0], [0, 0]], b: [3, -3] }, labelled(1)),
  ];
}

/** A last layer scaled to logits in the thousands: e^z overflows unless the softmax is stable. */
function confidentStart(rng: InputRng): Input {
  const network = initialNetwork(rng, [2, 3, 2]);
  const last = network[1]!;
  return {
    data: { train: blobs(rng, 12, 0.8), validation: blobs(rng, 12, 0.8) },
    options: { network: [network[0]!, { W: last.W.map((row) => row.map((w) => 2000 * w)), b: [300, -300] }], alpha: 0.05, lambda: 0.001, maxEpochs: 3, patience: 3, seed: 13 },
  };
}

const common = { call, describe, locate };

export default defineChecks<typeof Starter>({
  tolerance: { abs: 1e-9, rel: 1e-6 },
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [EXAMPLE],
      expected: referenceTrain,
      heatmap: true,
    }),
    check({
      ...common,
      name: 'reproduces-reference',
      title: { en: 'Short runs, compared step by step with the reference', zh: '短时训练，与参考实现逐步比较' },
      points: 4,
      inputs: (rng) => [
        {
          data: { train: blobs(rng, 30, 0.9), validation: blobs(rng, 20, 0.9) },
          options: { network: initialNetwork(rng, [2, 4, 2]), alpha: 0.1, lambda: 0.01, maxEpochs: 8, patience: 2, seed: 3 },
        },
        {
          data: { train: spirals(rng, 40, 0.2), validation: spirals(rng, 30, 0.2) },
          options: { network: initialNetwork(rng, [2, 6, 5, 2]), alpha: 0.1, lambda: 0.001, maxEpochs: 6, patience: 3, seed: 8 },
        },
        {
          data: { train: blobs(rng, 24, 1.2), validation: blobs(rng, 24, 1.2) },
          options: { network: initialNetwork(rng, [2, 5, 2]), alpha: 0.2, lambda: 0.05, maxEpochs: 5, patience: 5, seed: 21 },
        },
      ],
      expected: referenceTrain,
      heatmap: true,
    }),
    check({
      ...common,
      name: 'fixed-network',
      title: { en: 'α = 0: the accuracy of fixed weights (ties, large logits, 0% at the first epoch)', zh: 'α = 0：固定权重的准确率（并列、较大的 logits、第一轮为 0%）' },
      points: 1,
      inputs: fixedNetworks,
      expected: referenceTrain,
    }),
    check({
      ...common,
      name: 'confident-start',
      title: { en: 'Training from logits in the thousands (a stable softmax)', zh: '从数千量级的 logits 开始训练（数值稳定的 softmax）' },
      points: 1,
      inputs: (rng) => [confidentStart(rng)],
      expected: referenceTrain,
      heatmap: true,
    }),
    check({
      name: 'generator',
      title: { en: "createRng is the starter's generator (the checks reproduce your shuffles with it)", zh: 'createRng 是起始代码中的生成器（检查用它重现你的打乱顺序）' },
      points: 1,
      call: (m: typeof Starter, seed: number) => {
        const rng = m.createRng(seed);
        return Array.from({ length: 32 }, () => rng.random());
      },
      inputs: [0, 1, 8, 2024, 4294967295],
      expected: (seed: number) => {
        const rng = createRng(seed);
        return Array.from({ length: 32 }, () => rng.random());
      },
      tolerance: { abs: 0, rel: 0 },
      describe: (seed: number) => `createRng(${seed}).random(), 32 times`,
    }),
    check({
      ...common,
      name: 'spirals-accuracy',
      title: { en: 'Two spirals: the best validation accuracy reaches 90%', zh: '双螺旋：最佳验证准确率达到 90%' },
      kind: 'property',
      points: 4,
      inputs: (rng) => [spiralCase(rng, 5)],
      judge: judgeAccuracy,
    }),
    check({
      ...common,
      name: 'best-epoch',
      title: { en: 'Two spirals: bestEpoch and the early stop follow your own history', zh: '双螺旋：bestEpoch 与提前停止符合你自己的 history' },
      kind: 'property',
      points: 3,
      inputs: (rng) => [spiralCase(rng, 11)],
      judge: judgeBestEpoch,
    }),
    check({
      ...common,
      name: 'best-weights',
      title: { en: 'Two spirals: the returned weights are those of the best epoch', zh: '双螺旋：返回的权重来自最佳轮次' },
      kind: 'property',
      points: 3,
      inputs: (rng) => [spiralCase(rng, 31)],
      judge: judgeBestWeights,
    }),
  ],
  mistakes: {
    'last-epoch-weights': {
      hint: {
        en: 'Your "best" network is the network you go on training: `best = network` stores a reference, not the weights, so every later update changes it too. Store a deep copy (cloneNetwork) when a new best validation accuracy is reached.',
        zh: '你的"最佳"网络就是仍在训练的那个网络：`best = network` 保存的是引用而不是权重，之后的每次更新都会改变它。在出现新的最佳验证准确率时保存一份深拷贝（cloneNetwork）。',
      },
    },
    'no-shuffle': {
      hint: {
        en: 'Your weights match those of training without shuffling. The algorithm shuffles the training set at the start of every epoch: visit the samples in the order rng.shuffle([0, 1, …, N − 1]), with one rng = createRng(seed) for the whole run.',
        zh: '你的权重与不打乱顺序训练的结果一致。算法在每一轮开始时都要打乱训练集：按 rng.shuffle([0, 1, …, N − 1]) 的顺序访问样本，整个训练过程使用同一个 rng = createRng(seed)。',
      },
    },
    'regularises-biases': {
      hint: {
        en: 'You apply weight decay to the biases as well. Only weights are decayed: W⁽ˡ⁾ ← W⁽ˡ⁾ − α(δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ + λW⁽ˡ⁾), but b⁽ˡ⁾ ← b⁽ˡ⁾ − αδ⁽ˡ⁾.',
        zh: '你对偏置也做了权重衰减。只有权重需要衰减：W⁽ˡ⁾ ← W⁽ˡ⁾ − α(δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ + λW⁽ˡ⁾)，而 b⁽ˡ⁾ ← b⁽ˡ⁾ − αδ⁽ˡ⁾。',
      },
    },
    'never-stops': {
      hint: {
        en: 'Your training always runs maxEpochs epochs. Early stopping ends it once `patience` epochs in a row bring no new best validation accuracy.',
        zh: '你的训练总是运行满 maxEpochs 轮。提前停止要求：一旦连续 `patience` 轮没有出现新的最佳验证准确率，就结束训练。',
      },
    },
    'updates-during-backprop': {
      hint: {
        en: 'You update layer l + 1 before propagating δ⁽ˡ⁺¹⁾ through it, so δ⁽ˡ⁾ uses the new W⁽ˡ⁺¹⁾. The gradient is taken at the weights of the forward pass: compute every δ⁽ˡ⁾ first, then update all layers.',
        zh: '你在用 W⁽ˡ⁺¹⁾ 反向传播 δ⁽ˡ⁺¹⁾ 之前就更新了第 l + 1 层，于是 δ⁽ˡ⁾ 用的是新的 W⁽ˡ⁺¹⁾。梯度应在前向计算所用的权重处求得：先算出所有 δ⁽ˡ⁾，再更新各层。',
      },
    },
  },
});
