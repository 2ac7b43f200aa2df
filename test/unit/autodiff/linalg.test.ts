import { describe, expect, it } from 'vitest';
import { createRng, linear, matmul, sum, tensor, transpose, type Shape } from '../../../lib/autodiff';
import { gemmNN, gemmNT, gemmTN } from '../../../lib/autodiff/kernels';
import { checkGradients, expectArrayClose, randomTensor } from './helpers';

describe('matmul', () => {
  it('a hand-computed product', () => {
    const A = tensor([[1, 2], [3, 4]]);
    const B = tensor([[5, 6], [7, 8]]);
    expect(matmul(A, B).toNested()).toEqual([[19, 22], [43, 50]]);
    expect(matmul(A, tensor([1, 1])).toNested()).toEqual([3, 7]); // matrix · vector
    expect(matmul(tensor([1, 1]), A).toNested()).toEqual([4, 6]); // vector · matrix
    expect(matmul(tensor([1, 2]), tensor([3, 4])).toNested()).toBe(11); // dot product
  });

  it('∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G', () => {
    const A = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const B = tensor([[5, 6], [7, 8]], { requiresGrad: true });
    sum(matmul(A, B)).backward(); // G is all ones
    expect(A.gradNested()).toEqual([[11, 15], [11, 15]]);
    expect(B.gradNested()).toEqual([[4, 4], [6, 6]]);
  });

  const CASES: [Shape, Shape][] = [
    [[3, 4], [4, 5]],
    [[1, 7], [7, 1]],
    [[5, 3], [3]],
    [[3], [3, 6]],
    [[4], [4]],
  ];
  for (const [sa, sb] of CASES) {
    it(`gradients [${sa}]·[${sb}]`, () => {
      const rng = createRng(`matmul/${sa}/${sb}`);
      checkGradients(matmul, [randomTensor(rng, sa), randomTensor(rng, sb)]);
    });
  }

  it('rejects mismatched inner dimensions', () => {
    expect(() => matmul(tensor([[1, 2]]), tensor([[1, 2]]))).toThrow(/inner dimensions/);
  });
});

describe('linear: z = W·x + b (book layout W is [M_l, M_{l−1}])', () => {
  it('a single column vector and a row-major batch agree', () => {
    const W = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([0.5, -0.5]);
    expect(linear(tensor([1, 0, -1]), W, b).toNested()).toEqual([-1.5, -2.5]);
    expect(linear(tensor([[1, 0, -1], [0, 1, 0]]), W, b).toNested()).toEqual([[-1.5, -2.5], [2.5, 4.5]]);
  });

  it('∂L/∂W = δ·xᵀ, ∂L/∂b = δ, ∂L/∂x = Wᵀ·δ (book §4.4)', () => {
    const W = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const b = tensor([0, 0, 0], { requiresGrad: true });
    const x = tensor([2, -1], { requiresGrad: true });
    const delta = tensor([1, 0, -1]);
    linear(x, W, b).backward(delta); // seed ∂L/∂z = δ
    expect(W.gradNested()).toEqual([[2, -1], [0, 0], [-2, 1]]);
    expect(b.gradNested()).toEqual([1, 0, -1]);
    expect(x.gradNested()).toEqual([-4, -4]);
  });

  for (const batch of [0, 1, 3]) {
    it(`gradients, ${batch === 0 ? 'single vector' : `batch ${batch}`}`, () => {
      const rng = createRng(`linear/${batch}`);
      const x = randomTensor(rng, batch === 0 ? [5] : [batch, 5]);
      checkGradients(linear, [x, randomTensor(rng, [4, 5]), randomTensor(rng, [4])]);
      checkGradients((xx, W) => linear(xx, W), [x, randomTensor(rng, [3, 5])]);
    });
  }
});

describe('transpose', () => {
  it('swaps the axes of a matrix; a vector is its own transpose', () => {
    expect(transpose(tensor([[1, 2, 3], [4, 5, 6]])).toNested()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(transpose(tensor([1, 2])).toNested()).toEqual([1, 2]);
  });

  it('permutes N-d axes', () => {
    const t = tensor([[[1, 2], [3, 4], [5, 6]]]); // [1, 3, 2]
    const p = transpose(t, [2, 0, 1]);
    expect(p.shape).toEqual([2, 1, 3]);
    expect(p.toNested()).toEqual([[[1, 3, 5]], [[2, 4, 6]]]);
  });

  it('gradients', () => {
    const rng = createRng('transpose');
    checkGradients((t) => transpose(t), [randomTensor(rng, [3, 4])]);
    checkGradients((t) => transpose(t, [1, 2, 0]), [randomTensor(rng, [2, 3, 4])]);
  });
});

describe('kernels match the naive triple loop', () => {
  function naive(A: Float64Array, B: Float64Array, m: number, k: number, n: number, ta: boolean, tb: boolean) {
    const C = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ta ? A[p * m + i] : A[i * k + p]) * (tb ? B[j * k + p] : B[p * n + j]);
        C[i * n + j] = s;
      }
    return C;
  }
  // Odd sizes exercise every remainder path; zeros exercise the skipping of zero coefficients.
  for (const [m, k, n] of [
    [1, 1, 1],
    [3, 5, 7],
    [2, 9, 4],
    [5, 2, 9],
    [8, 16, 12],
  ]) {
    it(`m=${m} k=${k} n=${n}`, () => {
      const rng = createRng(`kernel/${m}/${k}/${n}`);
      const sparse = (len: number) => Float64Array.from({ length: len }, () => (rng.random() < 0.3 ? 0 : rng.uniform(-1, 1)));
      const A = sparse(m * k);
      const B = sparse(k * n);
      const Bt = sparse(n * k);
      const initial = sparse(m * n);
      const run = (kernel: typeof gemmNN, b: Float64Array) => {
        const C = initial.slice();
        kernel(A, b, C, m, k, n);
        return C.map((v, i) => v - initial[i]); // kernels add into C
      };
      expectArrayClose(run(gemmNN, B), naive(A, B, m, k, n, false, false), 1e-13, 1e-14);
      expectArrayClose(run(gemmNT, Bt), naive(A, Bt, m, k, n, false, true), 1e-13, 1e-14);
      expectArrayClose(run(gemmTN, B), naive(A, B, m, k, n, true, false), 1e-13, 1e-14);
    });
  }
});
