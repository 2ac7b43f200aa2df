import type { Node } from './ast';
import { BUILTINS, CONSTANTS } from './builtins';

/** LaTeX a question gives for its own symbols and functions, e.g. `W_next` ↦ `W^{(l+1)}`. */
export interface TexNames {
  symbols?: ReadonlyMap<string, string>;
  functions?: ReadonlyMap<string, string>;
}

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);

/**
 * Readable LaTeX for a name typed in ASCII: `delta_l` → `\delta_{l}`, `W_next` → `W_{\mathrm{next}}`,
 * `x1` → `x_{1}`. Names contain only letters, digits and `_`, so the result is always valid LaTeX.
 */
export function identifierTex(name: string): string {
  const constant = CONSTANTS.get(name);
  if (constant) return constant.tex;
  const digits = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (digits) return `${part(digits[1]!)}_{${digits[2]}}`;
  const [base = '', ...subs] = name.split('_');
  if (base === '') return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
  const sub = subs.filter((s) => s !== '').map((s) => part(s));
  return sub.length > 0 ? `${part(base)}_{${sub.join(',')}}` : part(base);
}

function part(text: string): string {
  if (GREEK.has(text)) return `\\${text}`;
  if (text.length === 1 || /^\d+$/.test(text)) return text;
  return `\\mathrm{${text}}`;
}

function functionTex(name: string): string {
  return /^[A-Za-z]$/.test(name) ? name : `\\operatorname{${name.replace(/_/g, '\\_')}}`;
}

const Prec = { Sum: 1, Product: 2, Unary: 3, Power: 4, Postfix: 5, Atom: 6 } as const;
type Prec = (typeof Prec)[keyof typeof Prec];

function precedence(node: Node): Prec {
  switch (node.kind) {
    case 'num':
    case 'sym':
    case 'call':
      return Prec.Atom;
    case 'transpose':
      return Prec.Postfix;
    case 'neg':
      return Prec.Unary;
    case 'bin':
      if (node.op === '+' || node.op === '-') return Prec.Sum;
      if (node.op === '^' || node.op === '.^') return Prec.Power;
      if (node.op === '/') return Prec.Atom; // a fraction is self-delimiting
      return Prec.Product;
  }
}

const wrap = (tex: string) => `\\left(${tex}\\right)`;

function numberTex(raw: string): string {
  const m = /^([^eE]+)[eE]([+-]?\d+)$/.exec(raw);
  if (!m) return raw;
  return `${m[1]} \\times 10^{${Number(m[2])}}`;
}

/** LaTeX for the live preview under the answer box. Parentheses the student typed are kept. */
export function toTex(root: Node, names: TexNames = {}): string {
  const symbolTex = (name: string) => names.symbols?.get(name) ?? identifierTex(name);
  // A symbol whose LaTeX already carries a superscript needs parentheses before `^{\top}` or `^{2}`.
  const hasSuperscript = (node: Node) => node.kind === 'sym' && symbolTex(node.name).includes('^');

  const render = (node: Node): string => {
    const tex = bare(node);
    return node.paren ? wrap(tex) : tex;
  };
  // Parenthesise a child when precedence demands it (unless the student already did).
  const child = (node: Node, needed: boolean) => (needed && !node.paren ? wrap(render(node)) : render(node));

  const bare = (node: Node): string => {
    switch (node.kind) {
      case 'num':
        return numberTex(node.raw);
      case 'sym':
        return symbolTex(node.name);
      case 'neg':
        return `-${child(node.arg, precedence(node.arg) <= Prec.Unary)}`;
      case 'transpose':
        return `{${child(node.arg, precedence(node.arg) < Prec.Atom || hasSuperscript(node.arg))}}^{\\top}`;
      case 'call': {
        const args = node.args.map(render);
        const builtin = BUILTINS.get(node.name);
        if (builtin) return builtin.tex(args);
        return `${names.functions?.get(node.name) ?? functionTex(node.name)}\\left(${args.join(', ')}\\right)`;
      }
      case 'bin': {
        const p = precedence(node);
        const { left, right, op } = node;
        if (op === '/') return `\\frac{${render(left)}}{${render(right)}}`;
        if (op === '^' || op === '.^') {
          const base = child(left, precedence(left) < Prec.Atom || hasSuperscript(left));
          return `{${base}}^{${op === '.^' ? '\\circ ' : ''}${render(right)}}`;
        }
        // `a .* B * c` is read `(a .* B) * c`: show that grouping, since ⊙ next to a product reads
        // the other way in the book.
        const mixed = left.kind === 'bin' && ((op === '*' && (left.op === '.*' || left.op === './')) || ((op === '.*' || op === './') && left.op === '*'));
        const l = child(left, precedence(left) < p || mixed);
        const rightNeedsParens = precedence(right) < p || (precedence(right) === p && op !== '+' && op !== '*') || right.kind === 'neg';
        const r = child(right, rightNeedsParens);
        switch (op) {
          case '+':
            return `${l} + ${r}`;
          case '-':
            return `${l} - ${r}`;
          case '.*':
            return `${l} \\odot ${r}`;
          case './':
            return `${l} \\oslash ${r}`;
          case '*':
            return /^[\d.]/.test(r) ? `${l} \\cdot ${r}` : `${l}\\,${r}`;
        }
      }
    }
    throw new Error('unreachable');
  };
  return render(root);
}
