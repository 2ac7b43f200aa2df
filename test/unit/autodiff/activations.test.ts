import { describe, expect, it } from 'vitest';
import {
  createRng,
  elu,
  erf,
  erfc,
  gelu,
  geluSigmoid,
  geluTanh,
  hardLogistic,
  hardTanh,
  leakyRelu,
  logSigmoid,
  maxout,
  normalCdf,
  normalPdf,
  prelu,
  relu,
  scalar,
  scalarFns,
  sigmoid,
  softplus,
  sum,
  swish,
  tanh,
  tensor,
  type Shape,
  type Tensor,
} from '../../../lib/autodiff';
import { checkGradients, expectClose, randomTensor, relError } from './helpers';

const SHAPES: Shape[] = [[], [6], [3, 4]];

/** Each activation with the points its derivative jumps at (kept away from in random checks). */
const ELEMENTWISE: [string, (x: Tensor) => Tensor, number[]][] = [
  ['sigmoid', sigmoid, []],
  ['logSigmoid', logSigmoid, []],
  ['tanh', tanh, []],
  ['hardLogistic', hardLogistic, [-2, 2]],
  ['hardTanh', hardTanh, [-1, 1]],
  ['relu', relu, [0]],
  ['leakyRelu', (x) => leakyRelu(x), [0]],
  ['leakyRelu γ=0.2', (x) => leakyRelu(x, 0.2), [0]],
  ['elu', (x) => elu(x), [0]],
  ['elu γ=0.5', (x) => elu(x, 0.5), [0]],
  ['softplus', softplus, []],
  ['swish β=1', (x) => swish(x), []],
  ['swish β=2 (constant)', (x) => swish(x, 2), []],
  ['gelu', gelu, []],
  ['geluTanh', geluTanh, []],
  ['geluSigmoid', geluSigmoid, []],
];

describe('activations: central differences and forward = reverse', () => {
  for (const [name, f, kinks] of ELEMENTWISE) {
    for (const shape of SHAPES) {
      it(`${name} [${shape}]`, () => {
        const x = randomTensor(createRng(`${name}/${shape}`), shape, { lo: -3, hi: 3, awayFrom: kinks });
        checkGradients(f, [x], name);
      });
    }
  }

  it('prelu: γ per neuron, learnable (∂/∂γ = min(0, x))', () => {
    const rng = createRng('prelu');
    const gamma = randomTensor(rng, [4], { lo: 0, hi: 0.5 });
    checkGradients(prelu, [randomTensor(rng, [4], { awayFrom: [0] }), gamma]);
    checkGradients(prelu, [randomTensor(rng, [3, 4], { awayFrom: [0] }), gamma]);
    checkGradients(prelu, [randomTensor(rng, [3, 4], { awayFrom: [0] }), scalar(0.1)]);
    const x = tensor([-2, 3], { requiresGrad: true });
    const g = tensor([0.25, 0.25], { requiresGrad: true });
    sum(prelu(x, g)).backward();
    expect(x.gradNested()).toEqual([0.25, 1]);
    expect(g.gradNested()).toEqual([-2, 0]);
  });

  it('swish: β learnable (∂/∂β = x²σ(βx)(1 − σ(βx)))', () => {
    const rng = createRng('swish');
    checkGradients(swish, [randomTensor(rng, [5]), randomTensor(rng, [5], { lo: 0, hi: 2 })]);
    checkGradients(swish, [randomTensor(rng, [3, 5]), randomTensor(rng, [5], { lo: 0, hi: 2 })]);
    checkGradients(swish, [randomTensor(rng, [3, 5]), randomTensor(rng, [], { lo: 0, hi: 2 })]);
    const x = scalar(2, { requiresGrad: true });
    const beta = scalar(0, { requiresGrad: true });
    swish(x, beta).backward();
    expect(x.grad![0]).toBe(0.5 + 0); // σ(0) + 0
    expect(beta.grad![0]).toBe(4 * 0.25); // x²σ'(0)
  });

  it('maxout: W [K, M, N], b [K, M], vector and batch input', () => {
    const rng = createRng('maxout');
    const W = randomTensor(rng, [3, 2, 4]);
    const b = randomTensor(rng, [3, 2]);
    checkGradients(maxout, [randomTensor(rng, [4]), W, b]);
    checkGradients(maxout, [randomTensor(rng, [5, 4]), W, b]);
  });

  it('maxout: z_k = w_kᵀx + b_k, max over k, gradient to the winner (first at a tie)', () => {
    // One unit (M = 1), K = 3 pieces, N = 2 inputs.
    const W = tensor([[[1, 0]], [[0, 1]], [[1, 1]]], { requiresGrad: true });
    const b = tensor([[0], [0], [-10]], { requiresGrad: true });
    const out = maxout(tensor([2, 2]), W, b); // z = [2, 2, -6]: a tie between pieces 0 and 1
    expect(out.toNested()).toEqual([2]);
    out.backward(tensor([1]));
    expect(W.gradNested()).toEqual([[[2, 2]], [[0, 0]], [[0, 0]]]);
    expect(b.gradNested()).toEqual([[1], [0], [0]]);
  });
});

describe('the book’s hand-computed cases', () => {
  it("σ'(0) = 0.25, the maximum of σ'", () => {
    expect(scalarFns.sigmoidPrime(0)).toBe(0.25);
    const x = scalar(0, { requiresGrad: true });
    sigmoid(x).backward();
    expect(x.grad![0]).toBe(0.25);
  });

  it("tanh'(0) = 1 and tanh = 2σ(2x) − 1", () => {
    expect(scalarFns.tanhPrime(0)).toBe(1);
    for (const v of [-3, -0.5, 0.7, 2]) expectClose(Math.tanh(v), 2 * scalarFns.sigmoid(2 * v) - 1, 1e-14, 1e-16);
  });

  it('hard-logistic is the first-order Taylor expansion of σ at 0, clipped', () => {
    expect(hardLogistic(tensor([-3, -1, 0, 1, 3])).toNested()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(hardTanh(tensor([-3, -0.5, 0, 0.5, 3])).toNested()).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('leaky ReLU = max(0, x) + γ·min(0, x); ELU = γ(eˣ − 1) on the left', () => {
    expect(leakyRelu(tensor([-2, 3]), 0.1).toNested()).toEqual([-0.2, 3]);
    expectClose(elu(tensor([-1]), 2).data[0], 2 * (Math.exp(-1) - 1), 1e-15);
  });

  it('softplus′ = σ, swish with β = 0 is x/2', () => {
    for (const v of [-4, -1, 0, 2]) expect(scalarFns.softplusPrime(v)).toBe(scalarFns.sigmoid(v));
    expect(swish(tensor([3, -4]), 0).toNested()).toEqual([1.5, -2]);
  });
});

describe('subgradients at kinks (documented choices)', () => {
  function gradAt(f: (x: Tensor) => Tensor, v: number): number {
    const x = scalar(v, { requiresGrad: true });
    f(x).backward();
    return x.grad![0];
  }
  it("relu'(0) = 0", () => expect(gradAt(relu, 0)).toBe(0));
  it("leakyRelu'(0) = γ and prelu'(0) = γ (the x ≤ 0 branch)", () => {
    expect(gradAt((x) => leakyRelu(x, 0.1), 0)).toBe(0.1);
    expect(gradAt((x) => prelu(x, 0.3), 0)).toBe(0.3);
  });
  it("elu'(0) = γ", () => expect(gradAt((x) => elu(x, 0.5), 0)).toBe(0.5));
  it('hardLogistic and hardTanh have derivative 0 at their kinks', () => {
    expect([gradAt(hardLogistic, -2), gradAt(hardLogistic, 2), gradAt(hardLogistic, 1.99)]).toEqual([0, 0, 0.25]);
    expect([gradAt(hardTanh, -1), gradAt(hardTanh, 1), gradAt(hardTanh, 0.99)]).toEqual([0, 0, 1]);
  });
});

describe('numerical stability at ±1000', () => {
  const big = tensor([-1000, -745, -40, 40, 745, 1000]);
  for (const [name, f] of ELEMENTWISE) {
    it(`${name}: finite values and gradients`, () => {
      const x = tensor(big.toNested(), { requiresGrad: true });
      const y = f(x);
      sum(y).backward();
      expect(Array.from(y.data).every(Number.isFinite), `values ${y.data}`).toBe(true);
      expect(Array.from(x.grad!).every(Number.isFinite), `grads ${x.grad}`).toBe(true);
    });
  }

  it('sigmoid and its derivative keep relative precision in the tails', () => {
    // [x, σ(x), σ'(x)] from mpmath at 50 digits
    const table: [number, number, number][] = [
      [-40, 4.248354255291589e-18, 4.248354255291589e-18],
      [-1, 0.2689414213699951, 0.19661193324148185],
      [1, 0.7310585786300049, 0.19661193324148185],
      [40, 1.0, 4.248354255291589e-18],
    ];
    for (const [x, s, ds] of table) {
      expect(relError(scalarFns.sigmoid(x), s)).toBeLessThan(4e-16);
      expect(relError(scalarFns.sigmoidPrime(x), ds)).toBeLessThan(1e-15);
    }
    expect(scalarFns.sigmoid(-1000)).toBe(0);
    expect(scalarFns.sigmoid(1000)).toBe(1);
  });

  it("softplus and tanh' keep precision where the naive formulas cancel", () => {
    // from mpmath
    expect(relError(scalarFns.softplus(-40), 4.248354255291589e-18)).toBeLessThan(1e-15);
    expect(relError(scalarFns.softplus(1e-10), 0.6931471806099453)).toBeLessThan(1e-15);
    expect(relError(scalarFns.softplus(3), 3.048587351573742)).toBeLessThan(1e-15);
    expect(scalarFns.softplus(1000)).toBe(1000);
    expect(scalarFns.softplus(-1000)).toBe(0);
    expect(relError(scalarFns.tanhPrime(20), 1.6993417021166355e-17)).toBeLessThan(1e-14);
    expect(relError(scalarFns.tanhPrime(5), 0.00018158323094380667)).toBeLessThan(1e-14);
  });
});

describe('erf, Φ, φ and the GELUs against 50-digit references (mpmath)', () => {
  // [x, erf(x), erfc(x)]
  const ERF: [number, number, number][] = [
    [0, 0, 1],
    [1e-12, 1.1283791670955126e-12, 0.9999999999988716],
    [1e-5, 1.1283791670578999e-5, 0.9999887162083294],
    [0.1, 0.11246291601828488, 0.8875370839817152],
    [0.3, 0.32862675945912745, 0.6713732405408726],
    [0.5, 0.5204998778130465, 0.4795001221869535],
    [0.74, 0.7046780778547458, 0.2953219221452542],
    [0.75, 0.7111556336535151, 0.28884436634648486],
    [0.76, 0.7175367528055908, 0.28246324719440913],
    [1, 0.8427007929497149, 0.15729920705028513],
    [1.5, 0.9661051464753108, 0.033894853524689274],
    [2, 0.9953222650189527, 0.004677734981047266],
    [2.5, 0.999593047982555, 0.0004069520174449589],
    [3, 0.9999779095030014, 2.209049699858544e-5],
    [4, 0.9999999845827421, 1.541725790028002e-8],
    [5, 0.9999999999984626, 1.537459794428035e-12],
    [6, 1, 2.1519736712498913e-17],
    [8, 1.0, 1.1224297172982926e-29],
    [10, 1.0, 2.088487583762545e-45],
    [15, 1.0, 7.212994172451207e-100],
    [20, 1.0, 5.395865611607901e-176],
    [26, 1.0, 5.663192408856143e-296],
  ];
  it('erf and erfc to ~1e-15 relative, including the far tail of erfc', () => {
    for (const [x, e, c] of ERF) {
      expect(relError(erf(x), e), `erf(${x})`).toBeLessThan(1.2e-15);
      expect(relError(erf(-x), -e), `erf(${-x})`).toBeLessThan(1.2e-15);
      expect(relError(erfc(x), c), `erfc(${x})`).toBeLessThan(1.2e-15);
    }
    expect(erfc(30)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });

  // [x, Φ(x), φ(x)]
  const NORMAL: [number, number, number][] = [
    [-37, 5.725571222524577e-300, 2.1200065515246056e-298],
    [-30, 4.906713927148187e-198, 1.4736461348785476e-196],
    [-20, 2.7536241186062337e-89, 5.520948362159764e-88],
    [-10, 7.619853024160525e-24, 7.694598626706419e-23],
    [-5, 2.866515718791939e-7, 1.4867195147342977e-6],
    [-2, 0.02275013194817921, 0.05399096651318805],
    [-1.5, 0.06680720126885807, 0.12951759566589174],
    [-1, 0.15865525393145705, 0.24197072451914334],
    [-0.5, 0.3085375387259869, 0.35206532676429947],
    [0, 0.5, 0.3989422804014327],
    [0.5, 0.6914624612740131, 0.35206532676429947],
    [1, 0.8413447460685429, 0.24197072451914334],
    [3, 0.9986501019683699, 0.0044318484119380075],
    [8, 0.9999999999999993, 5.052271083536892e-15],
  ];
  it('Φ and φ, deep into the left tail', () => {
    for (const [x, cdf, pdf] of NORMAL) {
      expect(relError(normalCdf(x), cdf), `Φ(${x})`).toBeLessThan(2e-15);
      expect(relError(normalPdf(x), pdf), `φ(${x})`).toBeLessThan(2e-15);
    }
  });

  it("GELU and GELU' (= Φ(x) + xφ(x))", () => {
    const GELU: [number, number, number][] = [
      [-30, -1.472014178144456e-196, -4.416031690708495e-195],
      [-5, -1.4332578593959695e-6, -7.146946001792295e-6],
      [-1, -0.15865525393145705, -0.08331547058768629],
      [-0.3, -0.1146265733433142, 0.26767223317289013],
      [0, 0, 0.5],
      [0.3, 0.1853734266566858, 0.7323277668271099],
      [1, 0.8413447460685429, 1.0833154705876864],
      [5, 4.999998566742141, 1.000007146946002],
    ];
    for (const [x, g, dg] of GELU) {
      expect(relError(scalarFns.gelu(x), g), `gelu(${x})`).toBeLessThan(3e-15);
      expect(relError(scalarFns.geluPrime(x), dg), `gelu'(${x})`).toBeLessThan(1e-14);
    }
  });

  it('the tanh approximation, including its far left tail', () => {
    const TABLE: [number, number][] = [
      [-10, -1.2040923482098107e-37],
      [-1, -0.1588080093917233],
      [0.5, 0.34571400982514394],
      [3, 2.996362607918227],
    ];
    for (const [x, g] of TABLE) expect(relError(scalarFns.geluTanh(x), g), `geluTanh(${x})`).toBeLessThan(1e-13);
  });
});

describe('scalar helpers agree with the tensor activations and with central differences', () => {
  const pairs: [string, (x: number) => number, (x: number) => number][] = [
    ['sigmoid', scalarFns.sigmoid, scalarFns.sigmoidPrime],
    ['tanh', scalarFns.tanh, scalarFns.tanhPrime],
    ['softplus', scalarFns.softplus, scalarFns.softplusPrime],
    ['leakyRelu', (x) => scalarFns.leakyRelu(x, 0.3), (x) => scalarFns.leakyReluPrime(x, 0.3)],
    ['elu', (x) => scalarFns.elu(x, 1.5), (x) => scalarFns.eluPrime(x, 1.5)],
    ['swish', (x) => scalarFns.swish(x, 1.3), (x) => scalarFns.swishPrime(x, 1.3)],
    ['swish β', (b) => scalarFns.swish(0.7, b), (b) => scalarFns.swishBetaPrime(0.7, b)],
    ['gelu', scalarFns.gelu, scalarFns.geluPrime],
    ['geluTanh', scalarFns.geluTanh, scalarFns.geluTanhPrime],
    ['geluSigmoid', scalarFns.geluSigmoid, scalarFns.geluSigmoidPrime],
    ['hardLogistic', scalarFns.hardLogistic, scalarFns.hardLogisticPrime],
    ['hardTanh', scalarFns.hardTanh, scalarFns.hardTanhPrime],
    ['relu', scalarFns.relu, scalarFns.reluPrime],
  ];
  for (const [name, f, df] of pairs) {
    it(name, () => {
      for (const x of [-2.7, -0.8, -0.3, 0.4, 1.1, 2.9]) {
        const h = 1e-6;
        expectClose(df(x), (f(x + h) - f(x - h)) / (2 * h), 1e-7, 1e-8);
      }
    });
  }
});
