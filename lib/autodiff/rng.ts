// A seeded pseudo-random generator: mulberry32 (32-bit state, integer arithmetic only), so a seed
// gives the same sequence on every machine and JS engine. String seeds are hashed (FNV-1a) first.
//
// uniform() and int() use only integer ops and one division: bit-identical everywhere.
// normal() (Box–Muller) also calls Math.log/cos/sqrt, which are identical across machines for a
// given engine (V8 ships its own fdlibm port) but not guaranteed identical across engines; nn.ts
// therefore initialises weights from uniform draws.

import { Tensor, sizeOf, type Shape } from './tensor';

export interface Rng {
  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32 bits of randomness. */
  random(): number;
  /** Uniform in [lo, hi). */
  uniform(lo?: number, hi?: number): number;
  /** Gaussian with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** Integer uniform in [lo, hi) — hi excluded, as in Array.slice. */
  int(lo: number, hi: number): number;
  /** A shuffled copy of the array (Fisher–Yates); the argument is not modified. */
  shuffle<T>(array: readonly T[]): T[];
}

/** FNV-1a hash of a string to a 32-bit seed. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: number | string = 0): Rng {
  let state = (typeof seed === 'string' ? hashSeed(seed) : Math.trunc(seed)) >>> 0;
  let spareNormal: number | null = null;

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const random = (): number => nextUint32() / 4294967296;

  return {
    nextUint32,
    random,
    uniform: (lo = 0, hi = 1) => lo + (hi - lo) * random(),
    normal: (mean = 0, std = 1) => {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return mean + std * z;
      }
      const u1 = 1 - random(); // (0, 1]: log stays finite
      const u2 = random();
      const r = Math.sqrt(-2 * Math.log(u1));
      spareNormal = r * Math.sin(2 * Math.PI * u2);
      return mean + std * r * Math.cos(2 * Math.PI * u2);
    },
    int: (lo, hi) => {
      if (!(hi > lo)) throw new Error(`int(${lo}, ${hi}): empty range`);
      return lo + Math.floor(random() * (hi - lo));
    },
    shuffle: <T>(array: readonly T[]): T[] => {
      const out = array.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/** A tensor of uniform draws in [lo, hi). */
export function randUniform(rng: Rng, shape: Shape, lo = 0, hi = 1, opts: { requiresGrad?: boolean } = {}): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(lo, hi);
  return new Tensor(data, shape.slice(), opts);
}

/** A tensor of Gaussian draws. */
export function randNormal(rng: Rng, shape: Shape, mean = 0, std = 1, opts: { requiresGrad?: boolean } = {}): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal(mean, std);
  return new Tensor(data, shape.slice(), opts);
}
