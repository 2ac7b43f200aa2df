import { check, defineChecks, entryLabel, examples, tolerances, type InputRng, type Path } from '../../../grader/harness';
import { crossEntropyWithLogits, numericGradient, tensor, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface Input {
  z: number[];
  y: number[];
}
type Answer = { loss: number; grad: number[] };

const call = (m: typeof Starter, i: Input) => m.crossEntropyWithLogits(i.z, i.y);

function expected({ z, y }: Input): Answer {
  const logits = tensor(z, { requiresGrad: true });
  const loss = crossEntropyWithLogits(logits, tensor(y));
  loss.backward();
  return { loss: loss.item(), grad: logits.gradNested() as number[] };
}

/** Central differences of the reference loss with respect to the logits. */
function numericGrad({ z, y }: Input): number[] {
  const f = (logits: Tensor) => crossEntropyWithLogits(logits, tensor(y));
  return Array.from(numericGradient(f, [tensor(z)], 1e-5)[0]!);
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));
/** Classes are counted from 1, as in the statement (c = 1 … C). */
function describe({ z, y }: Input, locale: 'en' | 'zh' = 'en'): string {
  const c = y.indexOf(1) + 1;
  if (z.length > 12) {
    return locale === 'zh'
      ? `z 有 ${z.length} 个分量，取值在 [${fmt(Math.min(...z))}, ${fmt(Math.max(...z))}] 内，真实类别 ${c}`
      : `z = ${z.length} logits in [${fmt(Math.min(...z))}, ${fmt(Math.max(...z))}], true class ${c}`;
  }
  return `z = [${z.map(fmt).join(', ')}], y = [${y.join(', ')}] (${locale === 'zh' ? '真实类别' : 'true class'} ${c})`;
}
function locate(path: Path, locale: 'en' | 'zh') {
  if (path[0] === 'grad' && typeof path[1] === 'number') return { label: entryLabel('∂L/∂z', [path[1]], locale), row: path[1] };
  if (path.length === 1 && typeof path[0] === 'number') return { label: entryLabel('∂L/∂z', [path[0]], locale), row: path[0] };
  return { label: String(path[0] ?? 'the loss') };
}

const oneHot = (C: number, c: number) => Array.from({ length: C }, (_, k) => (k === c ? 1 : 0));
function randomCase(rng: InputRng, C: number, spread: number): Input {
  return { z: Array.from({ length: C }, () => rng.normal(0, spread)), y: oneHot(C, rng.int(0, C)) };
}

const common = { call, expected, describe, locate };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [
        { z: [1, 2, 3], y: [0, 0, 1] },
        { z: [0, 0], y: [1, 0] },
        { z: [1000, 1001], y: [1, 0] },
      ],
    }),
    check({
      ...common,
      name: 'random-loss',
      title: { en: 'The loss, random logits with 2 to 10 classes', zh: '损失：2 到 10 个类别的随机 logits' },
      points: 2,
      call: (m, i: Input) => m.crossEntropyWithLogits(i.z, i.y).loss,
      expected: (input: Input) => expected(input).loss,
      inputs: (rng) => Array.from({ length: 30 }, () => randomCase(rng, rng.int(2, 11), 3)),
    }),
    check({
      ...common,
      name: 'random-gradient',
      title: { en: 'The gradient ∂L/∂z, random logits with 2 to 10 classes', zh: '梯度 ∂L/∂z：2 到 10 个类别的随机 logits' },
      kind: 'gradient',
      points: 2,
      call: (m, i: Input) => m.crossEntropyWithLogits(i.z, i.y).grad,
      expected: (input: Input) => expected(input).grad,
      numeric: numericGrad,
      inputs: (rng) => Array.from({ length: 30 }, () => randomCase(rng, rng.int(2, 11), 3)),
    }),
    check({
      ...common,
      name: 'large-logits',
      title: { en: 'Very large and very negative logits (no overflow)', zh: '非常大和负得很多的 logits（不溢出）' },
      points: 2,
      inputs: [
        { z: [1000, 1001], y: [0, 1] },
        { z: [-1000, -1000], y: [1, 0] },
        { z: [800, 795, 790], y: [0, 0, 1] },
        { z: [-745, -746, -750], y: [0, 1, 0] },
        { z: [1e4, 1e4 - 3], y: [0, 1] },
      ],
    }),
    check({
      ...common,
      name: 'confident-wrong',
      title: { en: 'Confident wrong predictions: the loss is large but finite', zh: '非常自信却错误的预测：损失很大但有限' },
      points: 2,
      inputs: [
        { z: [0, 800], y: [1, 0] },
        { z: [-1000, 1000, 0], y: [1, 0, 0] },
        { z: [710, 0, -710], y: [0, 0, 1] },
        { z: [50, -50], y: [0, 1] },
      ],
    }),
    check({
      ...common,
      name: 'edge-cases',
      title: { en: 'One class, equal logits and 100 classes', zh: '单个类别、相等的 logits 与 100 个类别' },
      points: 1,
      inputs: (rng) => [{ z: [3.5], y: [1] }, { z: [2, 2, 2, 2], y: [0, 0, 1, 0] }, randomCase(rng, 100, 5)],
    }),
  ],
  mistakes: {
    'naive-softmax': {
      hint: {
        en: 'exp of a logit above about 709 is Infinity, and Infinity/Infinity is NaN. Subtract m = max(z) from every logit first: log Σ exp(z_k) = m + log Σ exp(z_k − m).',
        zh: '当 logit 大于约 709 时 exp 为 Infinity，Infinity/Infinity 得到 NaN。先把每个 logit 减去 m = max(z)：log Σ exp(z_k) = m + log Σ exp(z_k − m)。',
      },
    },
    'log-of-softmax': {
      hint: {
        en: 'Your softmax is stable, but when the true class\'s probability underflows to 0, log(0) = −Infinity and the loss becomes Infinity. Compute −log ŷ_c directly as log Σ_k exp(z_k − m) + m − z_c, never through ŷ_c.',
        zh: '你的 Softmax 是稳定的，但当真实类别的概率下溢为 0 时，log(0) = −Infinity，损失变成 Infinity。请直接按 log Σ_k exp(z_k − m) + m − z_c 计算 −log ŷ_c，不要经过 ŷ_c。',
      },
    },
    'grad-sign': {
      hint: {
        en: 'Your gradient is y − ŷ, the negative of the gradient. ∂L/∂z = ŷ − y: raising the true class\'s logit lowers the loss, so that entry is negative.',
        zh: '你的梯度是 y − ŷ，符号反了。∂L/∂z = ŷ − y：提高真实类别的 logit 会降低损失，所以该分量为负。',
      },
    },
  },
});
