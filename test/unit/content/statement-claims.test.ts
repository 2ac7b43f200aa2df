import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { add, exp, index, jacobianForward, jacobianReverse, mul, stack, sub, tensor, type Tensor } from '../../../lib/autodiff';
import { exercisesRoot } from '../../../lib/content/loader';

/**
 * Numbers stated in prose, recomputed here in double precision (the arithmetic students run), and
 * the statements checked to say what the computation says — in English and Chinese.
 */

const root = exercisesRoot();
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('jacobian-modes: the examples table', () => {
  const f = (t: Tensor) => stack([mul(index(t, 0), index(t, 1)), exp(index(t, 0)), sub(index(t, 0), mul(index(t, 1), 3))]);
  const g = (t: Tensor) => sub(add(mul(index(t, 0), 2), mul(index(t, 2), 4)), index(t, 1));
  it('states the Jacobians and the pass counts of the reference engine, in both languages', () => {
    const fx = tensor([1, 2]);
    const gx = tensor([0.5, -1, 2]);
    expect(jacobianForward(f, fx).jacobian.toNested()).toEqual([[2, 1], [Math.E, 0], [1, -3]]);
    expect(jacobianReverse(f, fx).jacobian.toNested()).toEqual([[2, 1], [Math.E, 0], [1, -3]]);
    expect([jacobianForward(f, fx).passes, jacobianReverse(f, fx).passes]).toEqual([2, 3]);
    expect(jacobianReverse(g, gx).jacobian.toNested()).toEqual([[2, -1, 4]]);
    expect([jacobianForward(g, gx).passes, jacobianReverse(g, gx).passes]).toEqual([3, 1]);
    for (const file of ['exercise.md', 'exercise.zh.md']) {
      const text = read(`4.5-autodiff/jacobian-modes/${file}`);
      expect(text).toContain('`[[2, 1], [2.718281828…, 0], [1, -3]]`');
      expect(text).toContain('`[[2, -1, 4]]`');
    }
    expect(read('4.5-autodiff/jacobian-modes/exercise.md')).toMatch(/2 forward or 3 reverse[\s\S]*3 forward or 1 reverse/);
    expect(read('4.5-autodiff/jacobian-modes/exercise.zh.md')).toMatch(/前向 2 遍或反向 3 遍[\s\S]*前向 3 遍或反向 1 遍/);
  });
});

describe('finite-differences: the Δ = 1e-10 paragraph', () => {
  const e = Math.E;
  const fwd = (d: number) => Math.abs((Math.exp(1 + d) - Math.exp(1)) / d - e);
  const cen = (d: number) => Math.abs((Math.exp(1 + d) - Math.exp(1 - d)) / (2 * d) - e);
  it('forward ≈ 900× smaller, central ≈ 1.5× larger than at Δ = 0.001; ~1e4 and ~1e14 times their predictions', () => {
    expect(fwd(1e-3) / fwd(1e-10)).toBeGreaterThan(800);
    expect(fwd(1e-3) / fwd(1e-10)).toBeLessThan(1000);
    expect(cen(1e-10) / cen(1e-3)).toBeCloseTo(1.5, 1);
    expect(Math.round(Math.log10(fwd(1e-10) / ((e * 1e-10) / 2)))).toBe(4);
    expect(Math.round(Math.log10(cen(1e-10) / ((e * 1e-20) / 6)))).toBe(14);
  });
  it('says so in both languages, and no longer says both errors grew', () => {
    const en = read('4.5-autodiff/finite-differences/exercise.md');
    const zh = read('4.5-autodiff/finite-differences/exercise.zh.md');
    expect(en).not.toMatch(/both errors are thousands of times larger/);
    expect(zh).not.toMatch(/两个误差都比.*大了上千倍/);
    for (const text of [en, zh]) {
      expect(text).toContain('$900$');
      expect(text).toContain('$1.5$');
      expect(text).toContain('$10^4$');
      expect(text).toContain('$10^{14}$');
    }
  });
});

describe('tanh-via-sigmoid: cancellation near 0', () => {
  const naive = (x: number) => 2 * sigma(2 * x) - 1;
  it('keeps about four digits at 1e-12 (8.9e-5), 11% at 1e-15, none near 1e-16', () => {
    expect(rel(naive(1e-12), Math.tanh(1e-12))).toBeCloseTo(8.9e-5, 6);
    expect(rel(naive(1e-15), Math.tanh(1e-15))).toBeCloseTo(0.11, 2);
    expect(rel(naive(1e-16), Math.tanh(1e-16))).toBeGreaterThan(1);
  });
  it('says so in both languages', () => {
    const en = read('4.1-neurons/tanh-via-sigmoid/exercise.md');
    const zh = read('4.1-neurons/tanh-via-sigmoid/exercise.zh.md');
    expect(en).not.toMatch(/hardly a correct digit survives/);
    expect(en).toMatch(/four\s+significant digits survive/);
    expect(zh).toContain('约四位有效数字');
    for (const text of [en, zh]) {
      expect(text).toContain('8.9 \\times 10^{-5}');
      expect(text).toContain('10^{-16}');
      expect(text).toContain('11\\%');
    }
  });
  it('overflows from z = 2x ≈ 709.8, i.e. x ≈ 355', () => {
    expect(Math.exp(709.78)).toBeLessThan(Infinity);
    expect(Math.exp(709.79)).toBe(Infinity);
    expect(709.8 / 2).toBeCloseTo(355, 0);
  });
});

describe('other numbers in prose', () => {
  it('softplus: at x = −40 the answer is ≈ 4.25e-18 but 1 + exp(−40) is exactly 1', () => {
    expect(Math.log1p(Math.exp(-40))).toBeCloseTo(4.25e-18, 20);
    expect(1 + Math.exp(-40)).toBe(1);
    expect(read('4.1-neurons/softplus/exercise.md')).toContain('4.25 \\times 10^{-18}');
  });
  it('cross-entropy-logits: Math.exp(710) is Infinity', () => {
    expect(Math.exp(710)).toBe(Infinity);
  });
  it('tanh-prime: tanh′(0) = 1 is four times σ′(0) = 0.25', () => {
    expect(1 - Math.tanh(0) ** 2).toBe(4 * sigma(0) * (1 - sigma(0)));
  });
  it('vanishing-gradients: the sigmoid example drops by a factor of about 3 per layer', () => {
    const norms = [0.1188462, 0.3642053, 0.9869742];
    for (let i = 0; i + 1 < norms.length; i++) expect(Math.round(norms[i + 1]! / norms[i]!)).toBe(3);
  });
  it('sigmoid-graph: inputs with x, w, b in [−3, 3] keep |wx + b| ≤ 12, and the example gradient is 0.25', () => {
    expect(3 * 3 + 3).toBe(12);
    expect(sigma(0) * (1 - sigma(0)) * 1 * 1).toBe(0.25);
  });
});

describe('Chinese terminology', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(zh\.md|yaml|ts)$/.test(name)) files.push(p);
    }
  };
  walk(root);
  it('never calls a kink 拐点 (an inflection point); the book says 不可导点 / 折点', () => {
    expect(files.filter((f) => readFileSync(f, 'utf8').includes('拐点')).map((f) => path.relative(root, f))).toEqual([]);
    expect(read('4.1-neurons/relu-subgradient/exercise.zh.md')).toMatch(/折点|不可导点/);
    expect(read('4.1-neurons/hard-activations/exercise.zh.md')).toContain('不可导点');
  });
  it("uses the book's 提前停止 for early stopping and 死亡ReLU for the dying ReLU, not 早停 / 死亡神经元", () => {
    expect(files.filter((f) => /早停|死亡神经元/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(root, f))).toEqual([]);
    expect(read('4.4-backprop/sgd-early-stopping/exercise.zh.md')).toContain('提前停止');
  });
});
