import { check, closeTo, defineChecks, examples, grid, shown, tolerances, type JudgeFailure } from '../../../grader/harness';
import { backward, prelu, scalar } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Out = { y: number; dx: number; dgamma: number };
type In = { x: number; gamma: number };
type Rng = { uniform(lo: number, hi: number): number; random(): number };

/** Value and both partial derivatives from the autodiff engine's PReLU (x and γ both leaves). */
function reference({ x, gamma }: In): Out {
  const xt = scalar(x, { requiresGrad: true });
  const gt = scalar(gamma, { requiresGrad: true });
  const y = prelu(xt, gt);
  backward(y);
  return { y: y.item(), dx: xt.grad![0]!, dgamma: gt.grad![0]! };
}

const h = 1e-6;
const value = (x: number, gamma: number) => reference({ x, gamma }).y;
const describe = ({ x, gamma }: In) => `x = ${x}, γ = ${gamma}`;
const plot = { x: (i: In) => i.x };
/** |x| ≥ 0.05 keeps central differences away from the kink. */
const awayFromKink = (rng: Rng) => rng.uniform(0.05, 5) * (rng.random() < 0.5 ? -1 : 1);
const curve = (gamma: number) => (rng: Rng): In[] => Array.from({ length: 40 }, () => ({ x: awayFromKink(rng), gamma }));

/** Exact away from 0; at x = 0, ∂/∂x may be anything between γ and 1, while ∂/∂γ = min(0, 0) = 0 exactly. */
function judgeKink(got: unknown, input: In): JudgeFailure | null {
  const { x, gamma } = input;
  const g = (got ?? {}) as Partial<Record<keyof Out, unknown>>;
  const want = reference(input);
  const wrong = (field: keyof Out, expected: number): JudgeFailure => ({
    message: {
      en: `At x = ${x}, γ = ${gamma}: ${field} should be ${shown(expected)}, but you returned ${shown(g[field])}.`,
      zh: `在 x = ${x}、γ = ${gamma} 处：${field} 应为 ${shown(expected)}，但你返回了 ${shown(g[field])}。`,
    },
    path: [field],
  });
  if (!closeTo(g.y, want.y, tolerances.closedForm)) return wrong('y', want.y);
  if (!closeTo(g.dgamma, want.dgamma, tolerances.closedForm)) return wrong('dgamma', want.dgamma);
  if (x !== 0) return closeTo(g.dx, want.dx, tolerances.closedForm) ? null : wrong('dx', want.dx);
  const lo = Math.min(gamma, 1);
  const hi = Math.max(gamma, 1);
  if (typeof g.dx === 'number' && g.dx >= lo && g.dx <= hi) return null;
  return {
    message: {
      en: `At x = 0 the one-sided derivatives in x are γ = ${gamma} and 1; any dx in [${lo}, ${hi}] is accepted, but you returned ${shown(g.dx)}.`,
      zh: `在 x = 0 处，关于 x 的左右导数分别为 γ = ${gamma} 与 1；[${lo}, ${hi}] 中的任何 dx 都可接受，但你返回了 ${shown(g.dx)}。`,
    },
    path: ['dx'],
  };
}

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma),
      inputs: [
        { x: -2, gamma: 0.25 },
        { x: -0.5, gamma: 0.1 },
        { x: 1.5, gamma: 0.25 },
        { x: 3, gamma: 0 },
      ],
      expected: reference,
      describe,
    }),
    check({
      name: 'value',
      title: { en: 'y at random x, γ = 0.25', zh: '随机 x、γ = 0.25 处的 y' },
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma).y,
      inputs: curve(0.25),
      expected: (i) => reference(i).y,
      describe,
      plot,
    }),
    check({
      name: 'dx',
      title: { en: '∂y/∂x at random x, γ = 0.25', zh: '随机 x、γ = 0.25 处的 ∂y/∂x' },
      kind: 'gradient',
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma).dx,
      inputs: curve(0.25),
      expected: (i) => reference(i).dx,
      numeric: ({ x, gamma }) => (value(x + h, gamma) - value(x - h, gamma)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'dgamma',
      title: { en: '∂y/∂γ at random x, γ = 0.25', zh: '随机 x、γ = 0.25 处的 ∂y/∂γ' },
      kind: 'gradient',
      points: 3,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma).dgamma,
      inputs: curve(0.25),
      expected: (i) => reference(i).dgamma,
      numeric: ({ x, gamma }) => (value(x, gamma + h) - value(x, gamma - h)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'left-half',
      title: { en: 'x < 0 (where γ acts), γ in [0, 0.5]', zh: 'x < 0（γ 起作用的一侧），γ ∈ [0, 0.5]' },
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma),
      inputs: (rng) => Array.from({ length: 30 }, () => ({ x: -rng.uniform(0.05, 5), gamma: rng.uniform(0, 0.5) })),
      expected: reference,
      describe,
    }),
    check({
      name: 'right-half',
      title: { en: 'x > 0 (where γ plays no part), γ in [0, 0.5]', zh: 'x > 0（γ 不起作用的一侧），γ ∈ [0, 0.5]' },
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma),
      inputs: (rng) => Array.from({ length: 30 }, () => ({ x: rng.uniform(0.05, 5), gamma: rng.uniform(0, 0.5) })),
      expected: reference,
      describe,
    }),
    check({
      name: 'gamma-above-one',
      title: { en: 'A learned γ above 1', zh: '学习得到的 γ 大于 1' },
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma),
      inputs: (rng) => Array.from({ length: 20 }, () => ({ x: awayFromKink(rng), gamma: rng.uniform(1.2, 3) })),
      expected: reference,
      describe,
    }),
    check({
      name: 'large-x',
      title: { en: 'Very large |x|', zh: '很大的 |x|' },
      points: 1,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma),
      inputs: grid<In>({ x: [-1000, -710, -40, 40, 710, 1000], gamma: [0.1, 0.5] }),
      expected: reference,
      describe,
    }),
    check({
      name: 'kink',
      title: { en: 'At and around the kink x = 0', zh: '不可导点 x = 0 处及其附近' },
      kind: 'gradient',
      points: 2,
      call: (m, { x, gamma }: In) => m.prelu(x, gamma),
      inputs: grid<In>({ x: [-0.25, 0, 0.25], gamma: [0.05, 0.25, 0.6] }),
      judge: judgeKink,
      describe,
    }),
  ],
  mistakes: {
    'dgamma-x-everywhere': {
      hint: {
        en: 'Your dgamma is x for positive x too. γ only multiplies min(0, x): for x > 0 the output is x whatever γ is, so ∂y/∂γ = min(0, x) is 0 there.',
        zh: '你的 dgamma 在 x 为正时也等于 x。γ 只与 min(0, x) 相乘：当 x > 0 时输出恒为 x，与 γ 无关，因此 ∂y/∂γ = min(0, x) 在那里为 0。',
      },
    },
    'dgamma-gamma-x': {
      hint: {
        en: 'For x < 0 your dgamma is γx, the output itself. Differentiate γ·x with respect to γ, holding x fixed: the result is x.',
        zh: '当 x < 0 时你的 dgamma 是 γx，也就是输出本身。把 x 看作常数，对 γ·x 关于 γ 求导，结果是 x。',
      },
    },
    'dx-zero-left': {
      hint: {
        en: 'For x < 0 your dx is 0, as for ReLU. PReLU is γx on the left, so ∂y/∂x = γ there: that leak is what keeps negative-input neurons learning.',
        zh: '当 x < 0 时你的 dx 为 0，和 ReLU 一样。PReLU 在左侧是 γx，因此那里 ∂y/∂x = γ：正是这点泄露让净输入为负的神经元还能继续学习。',
      },
    },
    'max-form': {
      hint: {
        en: 'max(x, γx) equals PReLU only while γ ≤ 1. γ is learned and may grow past 1; then max picks the wrong piece on both sides. Branch on the sign of x instead: max(0, x) + γ·min(0, x).',
        zh: 'max(x, γx) 只在 γ ≤ 1 时等于 PReLU。γ 是可学习参数，可能超过 1；那时 max 在两侧都会选错分段。请按 x 的符号分支：max(0, x) + γ·min(0, x)。',
      },
    },
  },
});
