import { check, defineChecks, tolerances, type InputRng, type Path } from '../../../grader/harness';
import { add, div, exp, mul, neg, numericGradient, scalar, valueAndGrad, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface Input {
  x: number;
  w: number;
  b: number;
}
type Values = { h1: number; h2: number; h3: number; h4: number; h5: number; h6: number };
type Local = { dh1_dw: number; dh2_dh1: number; dh2_db: number; dh3_dh2: number; dh4_dh3: number; dh5_dh4: number; dh6_dh5: number };
type Grad = { dw: number; db: number };

// ---------------------------------------------------------------------------------------------
// The reference: the book's graph in the reference engine. Each local derivative is the gradient
// of that one node's op at its input value; ∂f/∂w and ∂f/∂b come from one backward pass.

type Op = (t: Tensor) => Tensor;
function graph({ x, w, b }: Input) {
  const ops = {
    h1: ((t) => mul(x, t)) as Op, // of w
    h2: ((t) => add(t, b)) as Op, // of h1 (and of b: t + h1)
    h3: ((t) => neg(t)) as Op,
    h4: ((t) => exp(t)) as Op,
    h5: ((t) => add(t, 1)) as Op,
    h6: ((t) => div(1, t)) as Op,
  };
  const h1 = ops.h1(scalar(w)).item();
  const h2 = ops.h2(scalar(h1)).item();
  const h3 = ops.h3(scalar(h2)).item();
  const h4 = ops.h4(scalar(h3)).item();
  const h5 = ops.h5(scalar(h4)).item();
  const h6 = ops.h6(scalar(h5)).item();
  // Each edge: (the op of the child node as a function of one parent, the parent's value).
  const edges: Record<keyof Local, [Op, number]> = {
    dh1_dw: [ops.h1, w],
    dh2_dh1: [ops.h2, h1],
    dh2_db: [(t) => add(h1, t), b],
    dh3_dh2: [ops.h3, h2],
    dh4_dh3: [ops.h4, h3],
    dh5_dh4: [ops.h5, h4],
    dh6_dh5: [ops.h6, h5],
  };
  const f = (wt: Tensor, bt: Tensor) => div(1, add(exp(neg(add(mul(x, wt), bt))), 1));
  return { values: { h1, h2, h3, h4, h5, h6 } as Values, edges, f };
}

const expectedValues = (input: Input): Values => graph(input).values;

function mapEdges(input: Input, d: (op: Op, at: number) => number): Local {
  const { edges } = graph(input);
  return Object.fromEntries(Object.entries(edges).map(([k, [op, at]]) => [k, d(op, at)])) as Local;
}
const expectedLocal = (input: Input) => mapEdges(input, (op, at) => valueAndGrad(op, [scalar(at)]).grads[0]![0]!);
const numericLocal = (input: Input) => mapEdges(input, (op, at) => numericGradient(op, [scalar(at)], 1e-6)[0]![0]!);

function expectedGrad(input: Input): Grad {
  const { grads } = valueAndGrad(graph(input).f, [scalar(input.w), scalar(input.b)]);
  return { dw: grads[0]![0]!, db: grads[1]![0]! };
}
function numericGrad(input: Input): Grad {
  const [gw, gb] = numericGradient(graph(input).f, [scalar(input.w), scalar(input.b)], 1e-6);
  return { dw: gw![0]!, db: gb![0]! };
}

// ---------------------------------------------------------------------------------------------

const NAMES: Record<string, string> = {
  dh1_dw: '∂h1/∂w',
  dh2_dh1: '∂h2/∂h1',
  dh2_db: '∂h2/∂b',
  dh3_dh2: '∂h3/∂h2',
  dh4_dh3: '∂h4/∂h3',
  dh5_dh4: '∂h5/∂h4',
  dh6_dh5: '∂h6/∂h5',
  dw: '∂f/∂w',
  db: '∂f/∂b',
};
function locate(path: Path) {
  const key = String(path[path.length - 1] ?? '');
  const prefix = path.length > 1 ? `${String(path[0])}.` : '';
  return { label: NAMES[key] ? `${prefix}${key} (${NAMES[key]})` : `${prefix}${key}` || 'the answer' };
}
const fmt = (v: number) => String(Number(v.toPrecision(6)));
const describe = ({ x, w, b }: Input) => `x = ${fmt(x)}, w = ${fmt(w)}, b = ${fmt(b)}`;

function randomInput(rng: InputRng): Input {
  return { x: rng.uniform(-3, 3), w: rng.uniform(-3, 3), b: rng.uniform(-3, 3) };
}
const randomInputs = (rng: InputRng) => [...Array.from({ length: 24 }, () => randomInput(rng)), { x: 0, w: 2, b: -1 }, { x: -2, w: 4, b: 3 }];

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    check({
      name: 'examples',
      title: { en: 'The book\'s example: x = 1, w = 0, b = 0', zh: '书中的例子：x = 1，w = 0，b = 0' },
      visibility: 'example',
      points: 2,
      call: (m, i: Input) => m.sigmoidGraph(i.x, i.w, i.b),
      inputs: [{ x: 1, w: 0, b: 0 }],
      expected: (input: Input) => ({ h: expectedValues(input), local: expectedLocal(input), grad: expectedGrad(input) }),
      describe,
      locate,
    }),
    check({
      name: 'forward-values',
      title: { en: 'Node values h1 … h6 at random x, w, b', zh: '随机 x、w、b 下的节点值 h1 … h6' },
      points: 2,
      call: (m, i: Input) => m.sigmoidGraph(i.x, i.w, i.b).h,
      inputs: randomInputs,
      expected: expectedValues,
      describe,
      locate,
    }),
    check({
      name: 'local-derivatives',
      title: { en: 'Every local derivative ∂h_{i+1}/∂h_i at random x, w, b', zh: '随机 x、w、b 下的每个局部导数 ∂h_{i+1}/∂h_i' },
      kind: 'gradient',
      points: 3,
      call: (m, i: Input) => m.sigmoidGraph(i.x, i.w, i.b).local,
      inputs: randomInputs,
      expected: expectedLocal,
      numeric: numericLocal,
      describe,
      locate,
    }),
    check({
      name: 'chain-rule',
      title: { en: '∂f/∂w and ∂f/∂b at random x, w, b', zh: '随机 x、w、b 下的 ∂f/∂w 与 ∂f/∂b' },
      kind: 'gradient',
      points: 3,
      call: (m, i: Input) => m.sigmoidGraph(i.x, i.w, i.b).grad,
      inputs: randomInputs,
      expected: expectedGrad,
      numeric: numericGrad,
      describe,
      locate,
    }),
  ],
  mistakes: {
    'reciprocal-sign': {
      hint: {
        en: 'Your ∂h6/∂h5 is +1/h5². The derivative of 1/u is −1/u²: a larger denominator gives a smaller quotient. With the sign lost, ∂f/∂w and ∂f/∂b come out with the wrong sign.',
        zh: '你的 ∂h6/∂h5 为 +1/h5²。1/u 的导数是 −1/u²：分母越大，商越小。丢掉负号后，∂f/∂w 与 ∂f/∂b 的符号都错了。',
      },
    },
    'dh1-dw-is-w': {
      hint: {
        en: 'Your ∂h1/∂w is w. h1 = x·w is linear in w with slope x, so ∂h1/∂w = x (and ∂h1/∂x would be w).',
        zh: '你的 ∂h1/∂w 为 w。h1 = x·w 关于 w 是线性的，斜率为 x，所以 ∂h1/∂w = x（而 ∂h1/∂x 才是 w）。',
      },
    },
    'exp-at-wrong-node': {
      hint: {
        en: 'Your ∂h4/∂h3 is exp(h2). The derivative of exp is exp at its own input: ∂h4/∂h3 = exp(h3) = h4, and h3 = −h2.',
        zh: '你的 ∂h4/∂h3 为 exp(h2)。exp 的导数是在它自己的输入处取 exp：∂h4/∂h3 = exp(h3) = h4，而 h3 = −h2。',
      },
    },
  },
});
