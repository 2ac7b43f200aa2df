/**
 * The functions and constants every expression may use. Scalar functions apply elementwise to
 * matrices. Looked up in Maps only, so names such as `constructor` or `__proto__` are simply unknown.
 */

export type BuiltinKind =
  | 'map' // elementwise f(x)
  | 'zip' // elementwise f(a, b, …) with scalar broadcasting
  | 'diag' // vector → diagonal matrix
  | 'sum' // sum of all entries → scalar
  | 'fill' // ones(m[, n]), zeros(m[, n])
  | 'eye' // identity eye(n)
  | 'transpose';

export interface Builtin {
  name: string;
  kind: BuiltinKind;
  minArgs: number;
  maxArgs: number;
  map?: (x: number) => number;
  zip?: (a: number, b: number) => number;
  fillValue?: number;
  /** LaTeX for the call, given the LaTeX of the arguments. */
  tex: (args: string[]) => string;
}

const paren = (args: string[]) => `\\left(${args.join(', ')}\\right)`;
const op = (name: string) => (args: string[]) => `\\${name}${paren(args)}`;
const opName = (name: string) => (args: string[]) => `\\operatorname{${name}}${paren(args)}`;

function sigma(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

const LIST: Builtin[] = [
  { name: 'exp', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.exp, tex: op('exp') },
  { name: 'log', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.log, tex: op('log') },
  { name: 'ln', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.log, tex: op('ln') },
  { name: 'sqrt', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.sqrt, tex: (a) => `\\sqrt{${a[0]}}` },
  { name: 'abs', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.abs, tex: (a) => `\\left|${a[0]}\\right|` },
  { name: 'sin', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.sin, tex: op('sin') },
  { name: 'cos', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.cos, tex: op('cos') },
  { name: 'tan', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.tan, tex: op('tan') },
  { name: 'tanh', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.tanh, tex: op('tanh') },
  { name: 'sinh', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.sinh, tex: op('sinh') },
  { name: 'cosh', kind: 'map', minArgs: 1, maxArgs: 1, map: Math.cosh, tex: op('cosh') },
  { name: 'sigma', kind: 'map', minArgs: 1, maxArgs: 1, map: sigma, tex: op('sigma') },
  { name: 'sigmoid', kind: 'map', minArgs: 1, maxArgs: 1, map: sigma, tex: op('sigma') },
  { name: 'logistic', kind: 'map', minArgs: 1, maxArgs: 1, map: sigma, tex: op('sigma') },
  { name: 'relu', kind: 'map', minArgs: 1, maxArgs: 1, map: (x) => Math.max(0, x), tex: opName('ReLU') },
  { name: 'softplus', kind: 'map', minArgs: 1, maxArgs: 1, map: softplus, tex: opName('softplus') },
  { name: 'max', kind: 'zip', minArgs: 2, maxArgs: 8, zip: Math.max, tex: op('max') },
  { name: 'min', kind: 'zip', minArgs: 2, maxArgs: 8, zip: Math.min, tex: op('min') },
  { name: 'pow', kind: 'zip', minArgs: 2, maxArgs: 2, zip: Math.pow, tex: (a) => `{\\left(${a[0]}\\right)}^{${a[1]}}` },
  { name: 'diag', kind: 'diag', minArgs: 1, maxArgs: 1, tex: opName('diag') },
  { name: 'sum', kind: 'sum', minArgs: 1, maxArgs: 1, tex: opName('sum') },
  { name: 'ones', kind: 'fill', minArgs: 1, maxArgs: 2, fillValue: 1, tex: (a) => `\\mathbf{1}_{${a.join('\\times ')}}` },
  { name: 'zeros', kind: 'fill', minArgs: 1, maxArgs: 2, fillValue: 0, tex: (a) => `\\mathbf{0}_{${a.join('\\times ')}}` },
  { name: 'eye', kind: 'eye', minArgs: 1, maxArgs: 1, tex: (a) => `I_{${a[0]}}` },
  { name: 'transpose', kind: 'transpose', minArgs: 1, maxArgs: 1, tex: (a) => `{\\left(${a[0]}\\right)}^{\\top}` },
];

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(LIST.map((b) => [b.name, b]));

export const CONSTANTS: ReadonlyMap<string, { value: number; tex: string }> = new Map([
  ['pi', { value: Math.PI, tex: '\\pi' }],
  ['e', { value: Math.E, tex: 'e' }],
]);

/** Names a quiz may not declare as its own symbols or functions. */
export function isReserved(name: string): boolean {
  return BUILTINS.has(name) || CONSTANTS.has(name) || name === 'T';
}
