import { describe, expect, it } from 'vitest';
import { createRng, hashSeed, randNormal, randUniform } from '../../../lib/autodiff';

/** mulberry32 as published (Tommy Ettinger / bryc), the reference for our sequence. */
function mulberry32Reference(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

describe('seeded generator', () => {
  it('is mulberry32, with fixed values for a fixed seed (the same on every machine)', () => {
    const rng = createRng(42);
    const ref = mulberry32Reference(42);
    const ours = Array.from({ length: 1000 }, () => rng.nextUint32());
    expect(ours).toEqual(Array.from({ length: 1000 }, ref));
    expect(ours.slice(0, 5)).toEqual([2581720956, 1925393290, 3661312704, 2876485805, 750819978]);
  });

  it('hashes string seeds (FNV-1a) and repeats their sequence', () => {
    expect(hashSeed('deltalab')).toBe(4006836736);
    const a = createRng('deltalab');
    const b = createRng('deltalab');
    const first = [a.random(), a.random(), a.random()];
    expect(first).toEqual([b.random(), b.random(), b.random()]);
    expect(first).toEqual([0.1909946957603097, 0.6955422421451658, 0.193748899968341]);
    expect(createRng('deltalaB').random()).not.toBe(first[0]);
  });

  it('uniform in [lo, hi), int in [lo, hi)', () => {
    const rng = createRng(1);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) {
      const u = rng.uniform(-3, 2);
      expect(u >= -3 && u < 2).toBe(true);
      const k = rng.int(10, 15);
      expect(Number.isInteger(k) && k >= 10 && k < 15).toBe(true);
      counts[k - 10]++;
    }
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    expect(() => rng.int(3, 3)).toThrow(/empty/);
  });

  it('normal has the requested mean and standard deviation (Box–Muller)', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 20000 }, () => rng.normal(3, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(variance) - 2)).toBeLessThan(0.05);
  });

  it('shuffle returns a permutation and leaves its argument alone', () => {
    const rng = createRng('shuffle');
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(items);
    expect(shuffled.slice().sort((a, b) => a - b)).toEqual(items);
    expect(createRng('shuffle').shuffle(items)).toEqual(shuffled);
  });

  it('tensor helpers', () => {
    const u = randUniform(createRng(3), [2, 3], -1, 1, { requiresGrad: true });
    expect(u.shape).toEqual([2, 3]);
    expect(u.requiresGrad).toBe(true);
    expect(Array.from(u.data).every((v) => v >= -1 && v < 1)).toBe(true);
    expect(randNormal(createRng(3), [4]).toNested()).toEqual(randNormal(createRng(3), [4]).toNested());
  });
});
