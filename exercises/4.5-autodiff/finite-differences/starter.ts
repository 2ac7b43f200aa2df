export type FunctionName = 'exp' | 'sin' | 'log' | 'cube';

/**
 * The errors |approximation − f′(x)| of the forward difference (f(x + Δ) − f(x)) / Δ and the
 * central difference (f(x + Δ) − f(x − Δ)) / 2Δ, for each Δ in `deltas`.
 */
export function differenceErrors(fName: FunctionName, x: number, deltas: number[]): { forward: number[]; central: number[] } {
  // TODO: pick f and its exact derivative f′ by name, then compute both errors for every Δ.
  return { forward: deltas.map(() => 0), central: deltas.map(() => 0) };
}
