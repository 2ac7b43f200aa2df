import { check, defineChecks, entryLabel, examples, tolerances, type InputRng, type Path } from '../../../grader/harness';
import { linear, mul, numericGradient, sum, tensor, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface Input {
  delta: number[];
  aPrev: number[];
}
type Answer = { dW: number[][]; db: number[] };

const call = (m: typeof Starter, i: Input) => m.layerGradients(i.delta, i.aPrev);

/**
 * δ is ∂L/∂z by definition, so any loss with that gradient will do: L = δᵀz with
 * z = W a⁽ˡ⁻¹⁾ + b. The reference engine differentiates it with respect to W and b (at W = 0,
 * b = 0: L is linear in them, so the point does not matter).
 */
const loss =
  ({ delta, aPrev }: Input) =>
  (W: Tensor, b: Tensor): Tensor =>
    sum(mul(linear(tensor(aPrev), W, b), tensor(delta)));

const zerosLike = ({ delta, aPrev }: Input) => [tensor(delta.map(() => aPrev.map(() => 0))), tensor(delta.map(() => 0))];

function expected(input: Input): Answer {
  const [W, b] = zerosLike(input).map((t) => tensor(t.toNested(), { requiresGrad: true })) as [Tensor, Tensor];
  loss(input)(W, b).backward();
  return { dW: W.gradNested() as number[][], db: b.gradNested() as number[] };
}

function numeric(input: Input): Answer {
  const [W, b] = zerosLike(input) as [Tensor, Tensor];
  const [gW, gb] = numericGradient(loss(input), [W, b], 1e-3);
  const cols = input.aPrev.length;
  return { dW: input.delta.map((_, i) => Array.from(gW!.subarray(i * cols, (i + 1) * cols))), db: Array.from(gb!) };
}


function locate(path: Path, locale: 'en' | 'zh') {
  const [name, i, j] = path;
  if (name === 'dW' && typeof i === 'number' && typeof j === 'number') return { label: entryLabel('∂L/∂W⁽ˡ⁾', [i, j], locale), row: i, col: j };
  if (name === 'dW' && typeof i === 'number') return { label: locale === 'zh' ? `∂L/∂W⁽ˡ⁾ 第 ${i + 1} 行` : `∂L/∂W⁽ˡ⁾, row ${i + 1}`, row: i };
  if (name === 'db' && typeof i === 'number') return { label: entryLabel('∂L/∂b⁽ˡ⁾', [i], locale), row: i };
  return { label: name === 'dW' ? '∂L/∂W⁽ˡ⁾' : name === 'db' ? '∂L/∂b⁽ˡ⁾' : locale === 'zh' ? '答案' : 'the answer' };
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));
const vec = (v: number[]) => (v.length > 10 ? `${v.length} values in [${fmt(Math.min(...v))}, ${fmt(Math.max(...v))}]` : `[${v.map(fmt).join(', ')}]`);
const describe = ({ delta, aPrev }: Input) => `δ⁽ˡ⁾ = ${vec(delta)} (M_l = ${delta.length}), a⁽ˡ⁻¹⁾ = ${vec(aPrev)} (M_{l−1} = ${aPrev.length})`;

function randomInput(rng: InputRng, rows: number, cols: number): Input {
  return { delta: Array.from({ length: rows }, () => rng.normal(0, 1)), aPrev: Array.from({ length: cols }, () => rng.uniform(-1, 2)) };
}

const names = { delta: 'δ⁽ˡ⁾', aPrev: 'a⁽ˡ⁻¹⁾' };
const common = { call, expected, numeric, describe, names, locate, kind: 'gradient' as const, heatmap: true };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [{ delta: [0.5, -1], aPrev: [1, 2, 3] }],
    }),
    check({
      ...common,
      name: 'random-shapes',
      title: { en: 'Random layers of every shape up to 8 × 8', zh: '最大到 8 × 8 的各种形状的随机层' },
      points: 4,
      inputs: (rng) => Array.from({ length: 30 }, () => randomInput(rng, rng.int(1, 9), rng.int(1, 9))),
    }),
    check({
      ...common,
      name: 'square',
      title: { en: 'Square layers (M_l = M_{l−1})', zh: '方阵层（M_l = M_{l−1}）' },
      points: 2,
      inputs: (rng) => [2, 3, 5].map((n) => randomInput(rng, n, n)),
    }),
    check({
      ...common,
      name: 'wide',
      title: { en: 'A wide layer: 64 neurons, 100 inputs', zh: '宽层：64 个神经元，100 个输入' },
      points: 2,
      inputs: (rng) => [randomInput(rng, 64, 100)],
    }),
    check({
      ...common,
      name: 'new-arrays',
      title: { en: 'dW and db are new arrays: changing δ⁽ˡ⁾ and a⁽ˡ⁻¹⁾ afterwards does not change them', zh: 'dW 和 db 是新数组：之后修改 δ⁽ˡ⁾ 和 a⁽ˡ⁻¹⁾ 不会改变它们' },
      points: 1,
      // The caller reuses its buffers: after the call, δ and a⁽ˡ⁻¹⁾ are overwritten with zeros. An
      // answer that is (or shares rows with) an input then changes under the caller's feet.
      // (On the caller's own copies: the input itself must stay as it came, as in every check.)
      call: (m, i: Input) => {
        const [delta, aPrev] = [i.delta.slice(), i.aPrev.slice()];
        const r = m.layerGradients(delta, aPrev);
        delta.fill(0);
        aPrev.fill(0);
        return r;
      },
      inputs: (rng) => [randomInput(rng, 3, 4), randomInput(rng, 5, 2)],
    }),
  ],
  mistakes: {
    'db-aliases-delta': {
      hint: {
        en: 'Your db is the array δ⁽ˡ⁾ itself, not a copy: when the caller later reuses δ⁽ˡ⁾ (here it is overwritten with zeros), your ∂L/∂b⁽ˡ⁾ changes with it. The values are right; return a new array, e.g. delta.slice().',
        zh: '你的 db 就是数组 δ⁽ˡ⁾ 本身，而不是副本：调用者之后复用 δ⁽ˡ⁾（这里被改写为 0）时，你的 ∂L/∂b⁽ˡ⁾ 也随之改变。数值是对的；请返回一个新数组，例如 delta.slice()。',
      },
    },
    transposed: {
      hint: {
        en: 'Your dW is a⁽ˡ⁻¹⁾δᵀ, the transpose. ∂L/∂W⁽ˡ⁾ has the shape of W⁽ˡ⁾ (M_l × M_{l−1}): row i belongs to neuron i, so dW[i][j] = δ_i·a_j.',
        zh: '你的 dW 是 a⁽ˡ⁻¹⁾δᵀ，转置了。∂L/∂W⁽ˡ⁾ 与 W⁽ˡ⁾ 形状相同（M_l × M_{l−1}）：第 i 行属于神经元 i，所以 dW[i][j] = δ_i·a_j。',
      },
    },
    'shared-row': {
      hint: {
        en: 'Every row of your dW equals the last one. new Array(n).fill(row) puts the same row object in every slot, so writing dW[i][j] changes all rows at once. Build each row separately, e.g. delta.map((d) => aPrev.map((a) => d * a)).',
        zh: '你的 dW 每一行都等于最后一行。new Array(n).fill(row) 在每个位置放入的是同一个行对象，所以写 dW[i][j] 会同时改变所有行。请分别构造每一行，例如 delta.map((d) => aPrev.map((a) => d * a))。',
      },
    },
    'db-times-input': {
      hint: {
        en: 'Your db is δ scaled by Σ_j a_j. The bias enters z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ with coefficient 1 (∂z⁽ˡ⁾/∂b⁽ˡ⁾ = I), so ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾ itself.',
        zh: '你的 db 是 δ 乘以 Σ_j a_j。偏置以系数 1 进入 z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾（∂z⁽ˡ⁾/∂b⁽ˡ⁾ = I），所以 ∂L/∂b⁽ˡ⁾ 就是 δ⁽ˡ⁾ 本身。',
      },
    },
  },
});
