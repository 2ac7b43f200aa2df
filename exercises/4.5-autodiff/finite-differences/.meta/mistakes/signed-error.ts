// Returns approximation − f′(x) without the absolute value.
export type FunctionName = 'exp' | 'sin' | 'log' | 'cube';

const FUNCTIONS: Record<FunctionName, { f: (x: number) => number; df: (x: number) => number }> = {
  exp: { f: Math.exp, df: Math.exp },
  sin: { f: Math.sin, df: Math.cos },
  log: { f: Math.log, df: (x) => 1 / x },
  cube: { f: (x) => x * x * x, df: (x) => 3 * x * x },
};

export function differenceErrors(fName: FunctionName, x: number, deltas: number[]): { forward: number[]; central: number[] } {
  const { f, df } = FUNCTIONS[fName];
  const exact = df(x);
  const fx = f(x);
  return {
    // Truncation error O(Δ): the Taylor term f″(x)Δ/2 is left over.
    forward: deltas.map((d) => (f(x + d) - fx) / d - exact),
    // The f″ terms cancel between x + Δ and x − Δ; f‴(x)Δ²/6 is left over.
    central: deltas.map((d) => (f(x + d) - f(x - d)) / (2 * d) - exact),
  };
}
