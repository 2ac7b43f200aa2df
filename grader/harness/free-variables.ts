import { parse, type Node } from 'acorn';
import { runInNewContext } from 'node:vm';

/**
 * The names a check's `call` uses without declaring them. A call's source text is all that reaches
 * the sandbox, so a name from the checks module's scope (a helper, a constant) works on the host and
 * throws ReferenceError in the isolate. Preparing an exercise refuses such a call (prepare.ts), so
 * the author hears it at validation instead of "the solution must score 100%".
 *
 * A plain parse (acorn, ESTree) with function-wide scopes: a name declared anywhere in the call
 * counts as declared everywhere in it. That can miss an outer name shadowed in a sibling block, never
 * refuse a call that works.
 */

/** What every isolate has: the ECMAScript globals (those of a fresh V8 context, nothing of Node's). */
const GLOBALS = new Set<string>([...(runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[]), 'arguments', '__name']);

type AnyNode = Node & Record<string, unknown>;

export function freeVariables(callSource: string): string[] {
  const program = parse(`(${callSource})`, { ecmaVersion: 'latest', sourceType: 'script' });
  const declared = new Set<string>();
  const used: string[] = [];

  const isNode = (v: unknown): v is AnyNode => !!v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
  const children = (node: AnyNode): AnyNode[] =>
    Object.entries(node)
      .filter(([k]) => k !== 'type' && k !== 'start' && k !== 'end' && k !== 'loc' && k !== 'range')
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
      .filter(isNode);

  /** A binding target: declares its names, and visits default values and computed keys as expressions. */
  const bind = (p: AnyNode | null | undefined): void => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier':
        declared.add(p.name as string);
        return;
      case 'ObjectPattern':
        for (const prop of p.properties as AnyNode[]) {
          if (prop.type === 'RestElement') bind(prop.argument as AnyNode);
          else {
            if (prop.computed) visit(prop.key as AnyNode);
            bind(prop.value as AnyNode);
          }
        }
        return;
      case 'ArrayPattern':
        for (const el of p.elements as (AnyNode | null)[]) bind(el);
        return;
      case 'AssignmentPattern':
        bind(p.left as AnyNode);
        visit(p.right as AnyNode);
        return;
      case 'RestElement':
        bind(p.argument as AnyNode);
        return;
      default:
        visit(p); // a member expression as an assignment target
    }
  };

  const visit = (node: AnyNode | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        used.push(node.name as string);
        return;
      case 'MemberExpression':
        visit(node.object as AnyNode);
        if (node.computed) visit(node.property as AnyNode);
        return;
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) visit(node.key as AnyNode);
        visit(node.value as AnyNode);
        return;
      case 'VariableDeclarator':
        bind(node.id as AnyNode);
        visit(node.init as AnyNode);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.id) bind(node.id as AnyNode);
        for (const p of node.params as AnyNode[]) bind(p);
        visit(node.body as AnyNode);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.id) bind(node.id as AnyNode);
        visit(node.superClass as AnyNode);
        visit(node.body as AnyNode);
        return;
      case 'CatchClause':
        bind(node.param as AnyNode);
        visit(node.body as AnyNode);
        return;
      case 'LabeledStatement':
        visit(node.body as AnyNode);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
        return;
      default:
        for (const child of children(node)) visit(child);
    }
  };

  visit(program as unknown as AnyNode);
  return [...new Set(used.filter((name) => !declared.has(name) && !GLOBALS.has(name)))];
}
