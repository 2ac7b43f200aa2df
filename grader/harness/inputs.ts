import { createRng } from '../../lib/autodiff/rng';
import type { InputRng } from './spec';

/** The seeded generator a check's `inputs(rng)` receives: the same seed gives the same inputs everywhere. */
export function inputRng(seed: string): InputRng {
  return createRng(seed);
}
