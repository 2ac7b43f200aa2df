import type { Node } from './ast';

/**
 * Prints an AST back as text in the expression language, with only the parentheses precedence
 * needs, replacing the named symbols by numbers. Used to turn an author's formula over params
 * into what a student with those numbers would type.
 */
export function toSource(root: Node, substitute: ReadonlyMap<string, number> = new Map()): string {
  const prec = (n: Node): number => {
    switch (n.kind) {
      case 'num':
      case 'call':
        return 6;
      case 'sym':
        return substitute.has(n.name) && substitute.get(n.name)! < 0 ? 3 : 6;
      case 'transpose':
        return 5;
      case 'neg':
        return 3;
      case 'bin':
        return n.op === '+' || n.op === '-' ? 1 : n.op === '^' || n.op === '.^' ? 4 : 2;
    }
  };
  const wrap = (n: Node, needed: boolean) => (needed ? `(${print(n)})` : print(n));
  const print = (n: Node): string => {
    switch (n.kind) {
      case 'num':
        return n.raw;
      case 'sym': {
        const v = substitute.get(n.name);
        return v === undefined ? n.name : String(v);
      }
      case 'neg':
        return `-${wrap(n.arg, prec(n.arg) <= 3)}`;
      case 'transpose':
        return `${wrap(n.arg, prec(n.arg) < 6)}'`;
      case 'call':
        return `${n.name}(${n.args.map(print).join(', ')})`;
      case 'bin': {
        const p = prec(n);
        if (p === 4) return `${wrap(n.left, prec(n.left) <= 4)}${n.op}${wrap(n.right, prec(n.right) < 3)}`;
        const left = wrap(n.left, prec(n.left) < p);
        // A right operand of the same precedence keeps its parentheses even under + or *:
        // `A * (B .* C)` is not `(A * B) .* C`, and re-associating changes floating-point
        // results, so the printed text must evaluate exactly as the tree does.
        const right = wrap(n.right, prec(n.right) <= p || prec(n.right) === 3);
        return `${left} ${n.op} ${right}`;
      }
    }
  };
  return print(root);
}
