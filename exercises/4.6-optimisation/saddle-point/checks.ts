import { check, defineChecks, examples, type InputRng, type JudgeFailure, type Path } from '../../../grader/harness';
import { add, mul, pow, scalar, valueAndGrad, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface Term {
  c: number;
  i: number;
  j: number;
}
type Kind = 'minimum' | 'maximum' | 'saddle';
interface Input {
  f: Term[];
  start: [number, number];
}
interface Stationary {
  point: [number, number];
  kind: Kind;
  eigenvalues: [number, number];
}

const call = (m: typeof Starter, i: Input) => m.stationaryPoint(i.f, i.start);

// ---------------------------------------------------------------------------------------------
// The reference: ∇f from the reference engine; the Hessian of a polynomial term by term (the
// engine's backward pass is not itself differentiable); Newton's method from the start.

const polynomial =
  (f: Term[]) =>
  (x: Tensor, y: Tensor): Tensor =>
    f.map(({ c, i, j }) => mul(c, mul(pow(x, i), pow(y, j)))).reduce((s, t) => add(s, t));

function gradient(f: Term[], x: number, y: number): [number, number] {
  const { grads } = valueAndGrad(polynomial(f), [scalar(x), scalar(y)]);
  return [grads[0]![0]!, grads[1]![0]!];
}

/** ∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y² of Σ c·xⁱ·yʲ. */
function hessian(f: Term[], x: number, y: number): [number, number, number] {
  let hxx = 0;
  let hxy = 0;
  let hyy = 0;
  for (const { c, i, j } of f) {
    if (i >= 2) hxx += c * i * (i - 1) * x ** (i - 2) * y ** j;
    if (i >= 1 && j >= 1) hxy += c * i * j * x ** (i - 1) * y ** (j - 1);
    if (j >= 2) hyy += c * j * (j - 1) * x ** i * y ** (j - 2);
  }
  return [hxx, hxy, hyy];
}

function reference({ f, start }: Input): Stationary {
  let [x, y] = start;
  for (let k = 0; k < 100; k++) {
    const [gx, gy] = gradient(f, x, y);
    if (Math.hypot(gx, gy) < 1e-13) break;
    const [a, b, d] = hessian(f, x, y);
    const det = a * d - b * b;
    x -= (d * gx - b * gy) / det;
    y -= (a * gy - b * gx) / det;
  }
  const [a, b, d] = hessian(f, x, y);
  const r = Math.hypot((a - d) / 2, b);
  const eigenvalues: [number, number] = [(a + d) / 2 - r, (a + d) / 2 + r];
  const kind: Kind = eigenvalues[0] > 0 ? 'minimum' : eigenvalues[1] < 0 ? 'maximum' : 'saddle';
  return { point: [x, y], kind, eigenvalues };
}

// ---------------------------------------------------------------------------------------------

const SUP: Record<string, string> = { 2: '²', 3: '³', 4: '⁴' };
function formula(f: Term[]): string {
  const parts = f.map(({ c, i, j }) => {
    const vars = `${i ? `x${SUP[i] ?? (i > 1 ? `^${i}` : '')}` : ''}${i && j ? '·' : ''}${j ? `y${SUP[j] ?? (j > 1 ? `^${j}` : '')}` : ''}`;
    const mag = Math.abs(c);
    const coef = vars && mag === 1 ? '' : String(Number(mag.toPrecision(4)));
    return { sign: c < 0 ? '−' : '+', text: `${coef}${vars}` || '0' };
  });
  return parts.map((p, k) => (k === 0 ? `${p.sign === '−' ? '−' : ''}${p.text}` : ` ${p.sign} ${p.text}`)).join('');
}
const fmt = (v: number) => (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4) ? v.toExponential(3) : String(Number(v.toPrecision(4))));
const describe = ({ f, start }: Input) => `f(x, y) = ${formula(f)}, start = (${fmt(start[0])}, ${fmt(start[1])})`;

function locate(path: Path) {
  const [field, k] = path;
  if (field === 'point' && typeof k === 'number') return { label: k === 0 ? 'x' : 'y', row: k };
  if (field === 'eigenvalues' && typeof k === 'number') return { label: `eigenvalues[${k}] (${k === 0 ? 'the smaller' : 'the larger'})`, row: k };
  return { label: String(field ?? 'the answer') };
}

/** ½(p − p₀)ᵀA(p − p₀) + c₀ with A = R(θ)·diag(λ₁, λ₂)·R(θ)ᵀ, expanded into terms. */
function quadratic(rng: InputRng, signs: [number, number]): Input {
  const [l1, l2] = signs.map((s) => s * rng.uniform(0.5, 4)) as [number, number];
  const t = rng.uniform(0, Math.PI);
  const [co, si] = [Math.cos(t), Math.sin(t)];
  const a = l1 * co * co + l2 * si * si;
  const b = (l1 - l2) * co * si;
  const d = l1 * si * si + l2 * co * co;
  const [x0, y0] = [rng.uniform(-2, 2), rng.uniform(-2, 2)];
  const f: Term[] = [
    { c: a / 2, i: 2, j: 0 },
    { c: b, i: 1, j: 1 },
    { c: d / 2, i: 0, j: 2 },
    { c: -(a * x0 + b * y0), i: 1, j: 0 },
    { c: -(d * y0 + b * x0), i: 0, j: 1 },
    { c: rng.uniform(-1, 1), i: 0, j: 0 },
  ];
  return { f, start: [rng.uniform(-3, 3), rng.uniform(-3, 3)] };
}

const T = (c: number, i: number, j: number): Term => ({ c, i, j });

/**
 * Quadratics with chosen eigenvalues, one of them small (|λ| < 1): a classification that compares
 * with 1 instead of 0, or a curvature off by a small amount, shows here.
 */
function smallCurvature(rng: InputRng): Input[] {
  const pairs: [number, number][] = [[-3, 0.3], [0.2, 2.5], [-0.4, -2], [-0.6, 0.25], [0.7, 0.9], [-0.9, -0.3]];
  return pairs.map(([l1, l2]) => {
    const t = rng.uniform(0, Math.PI);
    const [co, si] = [Math.cos(t), Math.sin(t)];
    const a = l1 * co * co + l2 * si * si;
    const b = (l1 - l2) * co * si;
    const d = l1 * si * si + l2 * co * co;
    const [x0, y0] = [rng.uniform(-2, 2), rng.uniform(-2, 2)];
    const f: Term[] = [T(a / 2, 2, 0), T(b, 1, 1), T(d / 2, 0, 2), T(-(a * x0 + b * y0), 1, 0), T(-(d * y0 + b * x0), 0, 1)];
    return { f, start: [rng.uniform(-3, 3), rng.uniform(-3, 3)] as [number, number] };
  });
}
/** Polynomials with several stationary points; each start lies close to the one it should find. */
const POLYNOMIALS: { f: Term[]; points: [number, number][] }[] = [
  { f: [T(1, 3, 0), T(-3, 1, 0), T(1, 0, 2)], points: [[1, 0], [-1, 0]] },
  { f: [T(1, 3, 0), T(1, 0, 3), T(-3, 1, 1)], points: [[0, 0], [1, 1]] },
  { f: [T(1, 4, 0), T(1, 0, 4), T(-4, 1, 1)], points: [[0, 0], [1, 1], [-1, -1]] },
  { f: [T(2, 2, 0), T(-1, 4, 0), T(-1, 0, 2)], points: [[0, 0], [1, 0], [-1, 0]] },
  { f: [T(-1, 3, 0), T(3, 1, 0), T(-1, 0, 2), T(2, 0, 1)], points: [[1, 1], [-1, 1]] },
];

function nearStarts(rng: InputRng): Input[] {
  return POLYNOMIALS.flatMap(({ f, points }) =>
    points.map(([px, py]) => {
      // Draw offsets until Newton's method from the start does reach this point.
      for (;;) {
        const input: Input = { f, start: [px + rng.uniform(-0.15, 0.15), py + rng.uniform(-0.15, 0.15)] };
        const found = reference(input).point;
        if (Math.hypot(found[0] - px, found[1] - py) < 1e-9) return input;
      }
    }),
  );
}

/**
 * Quadratics plus mixed terms x²y, xy², x²y² (i, j ≥ 2 somewhere): ∂²/∂x∂y of c·xⁱyʲ is c·i·j·xⁱ⁻¹yʲ⁻¹,
 * and a version that drops i or j only shows where i or j exceeds 1. Kept only where Newton's method
 * from the start converges to a stationary point away from the axes.
 */
function mixedTerms(rng: InputRng): Input[] {
  return ([[1, 1], [-1, -1], [1, -1], [-1, 1]] as [number, number][]).flatMap((signs) =>
    Array.from({ length: 2 }, () => {
      for (;;) {
        const base = quadratic(rng, signs);
        const f = [...base.f, T(rng.uniform(0.1, 0.4), 2, 1), T(-rng.uniform(0.1, 0.4), 1, 2), T(rng.uniform(0.05, 0.2), 2, 2)];
        const input: Input = { f, start: base.start };
        const found = reference(input).point;
        const [gx, gy] = gradient(f, found[0], found[1]);
        if ([...found, gx, gy].every(Number.isFinite) && Math.hypot(gx, gy) < 1e-9 && Math.abs(found[0]) > 0.2 && Math.abs(found[1]) > 0.2) return input;
      }
    }),
  );
}

const EXAMPLES: Input[] = [
  { f: [T(1, 2, 0), T(-1, 0, 2)], start: [0.5, 0.3] },
  { f: [T(1, 3, 0), T(-3, 1, 0), T(1, 0, 2)], start: [0.8, 0.2] },
  { f: [T(1, 3, 0), T(-3, 1, 0), T(1, 0, 2)], start: [-0.8, 0.1] },
];

// ---------------------------------------------------------------------------------------------
// Judged rather than compared, so that a wrong classification is explained by the eigenvalues
// (a plain comparison would call a wrong string a wrong shape).

const TOL = { abs: 1e-7, rel: 1e-7 };
const close = (g: unknown, e: number) => typeof g === 'number' && Math.abs(g - e) <= TOL.abs + TOL.rel * Math.abs(e);
const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number');
const KINDS_ZH: Record<Kind, string> = { minimum: '极小值', maximum: '极大值', saddle: '鞍点' };

function judge(got: unknown, input: Input): JudgeFailure | null {
  const ref = reference(input);
  const fail = (en: string, zh: string, path: Path): JudgeFailure => ({ message: { en, zh }, path });
  if (got === null || typeof got !== 'object') return fail('Return { point, kind, eigenvalues }.', '请返回 { point, kind, eigenvalues }。', []);
  const { point, kind, eigenvalues } = got as Record<string, unknown>;
  const refPoint = `(${fmt(ref.point[0])}, ${fmt(ref.point[1])})`;
  if (!pair(point)) return fail('point must be [x, y], two numbers.', 'point 必须是 [x, y]，两个数。', ['point']);
  if (!close(point[0], ref.point[0]) || !close(point[1], ref.point[1])) {
    const [gx, gy] = Number.isFinite(point[0]) && Number.isFinite(point[1]) ? gradient(input.f, point[0], point[1]) : [NaN, NaN];
    const yours = `(${fmt(point[0])}, ${fmt(point[1])})`;
    const grad = `(${fmt(gx)}, ${fmt(gy)})`;
    return fail(
      `Your point ${yours} is not the stationary point ${refPoint} that Newton's method reaches from the start; ∇f at your point is ${grad}.`,
      `你的点 ${yours} 不是牛顿法从起点出发到达的驻点 ${refPoint}；你的点处 ∇f 为 ${grad}。`,
      ['point'],
    );
  }
  const refEig = `[${fmt(ref.eigenvalues[0])}, ${fmt(ref.eigenvalues[1])}]`;
  if (!pair(eigenvalues) || !close(eigenvalues[0], ref.eigenvalues[0]) || !close(eigenvalues[1], ref.eigenvalues[1])) {
    const yours = pair(eigenvalues) ? `[${fmt(eigenvalues[0])}, ${fmt(eigenvalues[1])}]` : String(eigenvalues);
    return fail(
      `At ${refPoint} the Hessian's eigenvalues, smallest first, are ${refEig}; you returned ${yours}.`,
      `在 ${refPoint} 处，Hessian 矩阵的特征值（从小到大）为 ${refEig}；你返回的是 ${yours}。`,
      ['eigenvalues'],
    );
  }
  if (kind !== ref.kind) {
    const signs = ref.kind === 'saddle' ? 'have opposite signs' : ref.kind === 'minimum' ? 'are both positive' : 'are both negative';
    const signsZh = ref.kind === 'saddle' ? '符号相反' : ref.kind === 'minimum' ? '都为正' : '都为负';
    return fail(
      `The eigenvalues ${refEig} ${signs}: ${refPoint} is a ${ref.kind === 'saddle' ? 'saddle point' : ref.kind}, but you returned ${JSON.stringify(kind)}.`,
      `特征值 ${refEig} ${signsZh}：${refPoint} 是${KINDS_ZH[ref.kind]}，但你返回的是 ${JSON.stringify(kind)}。`,
      ['kind'],
    );
  }
  return null;
}

// Only used to recognise catalogued mistakes: their answers equal the learner's.
const tolerance = TOL;
const common = { call, judge, tolerance, describe, locate };

export default defineChecks<typeof Starter>({
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: EXAMPLES,
    }),
    check({
      ...common,
      name: 'quadratics',
      title: { en: 'Random quadratics: one minimum, maximum or saddle each', zh: '随机二次函数：各有一个极小值、极大值或鞍点' },
      points: 4,
      inputs: (rng) => ([[1, 1], [-1, -1], [1, -1], [-1, 1]] as [number, number][]).flatMap((signs) => Array.from({ length: 3 }, () => quadratic(rng, signs))),
    }),
    check({
      ...common,
      name: 'polynomials',
      title: { en: 'Polynomials with several stationary points, started near each', zh: '有多个驻点的多项式，从每个驻点附近出发' },
      points: 4,
      inputs: nearStarts,
    }),
    check({
      ...common,
      name: 'mixed-terms',
      title: { en: 'Mixed terms of higher degree: x²y, xy², x²y²', zh: '更高次的混合项：x²y、xy²、x²y²' },
      points: 2,
      inputs: mixedTerms,
    }),
    check({
      ...common,
      name: 'small-curvature',
      title: { en: 'Quadratics with a small eigenvalue (|λ| < 1)', zh: '有一个较小特征值（|λ| < 1）的二次函数' },
      points: 1,
      inputs: smallCurvature,
    }),
  ],
  mistakes: {
    'mixed-partial-drops-factor': {
      hint: {
        en: 'Your mixed partial ∂²f/∂x∂y drops a factor. Differentiate c·xⁱyʲ once in x and once in y: c·i·j·xⁱ⁻¹yʲ⁻¹ — both exponents come down. For x·y (i = j = 1) the slip is invisible; for x²y or x²y² it is not.',
        zh: '你的混合偏导 ∂²f/∂x∂y 少了一个因子。对 c·xⁱyʲ 先对 x 再对 y 各求一次导：c·i·j·xⁱ⁻¹yʲ⁻¹——两个指数都要乘下来。对 x·y（i = j = 1）这个错误看不出来；对 x²y 或 x²y² 就看得出来。',
      },
    },
    'sign-test-reversed': {
      hint: {
        en: 'Your minima and maxima are swapped. Positive eigenvalues mean the surface curves up in every direction (a bowl): a minimum. All negative: a maximum. Mixed signs: a saddle point.',
        zh: '你把极小值和极大值弄反了。特征值全为正表示曲面在各个方向都向上弯（碗形）：极小值；全为负：极大值；符号不同：鞍点。',
      },
    },
    'determinant-only': {
      hint: {
        en: 'You classify by det H alone. det H = λ₁λ₂ > 0 only says the eigenvalues have the same sign: both positive is a minimum, both negative a maximum. Look at the signs of the eigenvalues themselves (or at the trace).',
        zh: '你只根据 det H 分类。det H = λ₁λ₂ > 0 只说明两个特征值同号：同为正是极小值，同为负是极大值。请看特征值本身的符号（或看迹）。',
      },
    },
    'gradient-descent': {
      hint: {
        en: 'Your point is not the one near the start. Gradient descent only settles in minima: near a saddle point or a maximum it slides away. Newton\'s method, p ← p − H(p)⁻¹∇f(p), solves ∇f = 0 and converges to the nearby stationary point of any kind.',
        zh: '你找到的点不是起点附近的那个。梯度下降只会停在极小值处：在鞍点或极大值附近它会滑走。牛顿法 p ← p − H(p)⁻¹∇f(p) 求解 ∇f = 0，会收敛到附近任意类型的驻点。',
      },
    },
  },
});
