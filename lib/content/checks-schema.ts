import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { z } from 'zod';

/**
 * What `checks.ts` may export, checked at run time: the types in grader/harness/spec.ts say the same
 * to the compiler, but a check assembled with spreads or `as` slips past them, and the grader would
 * silently ignore a misspelt field (`tolerence`) and use the default. `.strict()` makes it an error.
 */

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', { message: 'must be a function' });
const Both = z
  .object({ en: z.string().trim().min(1, 'the English text is empty'), zh: z.string({ error: 'the Chinese text (zh) is missing' }).trim().min(1, 'the Chinese text (zh) is empty') })
  .strict();

export const CheckShape = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and hyphens'),
    title: Both,
    visibility: z.enum(['example', 'hidden', 'secret'], { error: (i) => `must be "example", "hidden" or "secret" (got ${JSON.stringify(i.input)})` }).optional(),
    points: z.number().positive().optional(),
    kind: z.enum(['value', 'gradient', 'property']).optional(),
    call: fn,
    inputs: z.union([z.array(z.unknown()), fn]),
    expected: fn.optional(),
    numeric: fn.optional(),
    tolerance: z.object({ abs: z.number().min(0).optional(), rel: z.number().min(0).optional() }).strict().optional(),
    judge: fn.optional(),
    describe: fn.optional(),
    show: fn.optional(),
    argument: z.string().optional(),
    names: z.record(z.string(), z.string()).optional(),
    nameInput: fn.optional(),
    locate: fn.optional(),
    plot: z.object({ x: fn, xLabel: z.string().optional(), at: fn.optional() }).strict().optional(),
    heatmap: z.boolean().optional(),
    allowMutation: z.boolean().optional(),
  })
  .strict();

export const ChecksShape = z
  .object({
    checks: z.array(CheckShape).min(1),
    mistakes: z.record(z.string(), z.object({ hint: Both }).strict()).optional(),
  })
  .strict();

export interface ShapeProblem {
  line: number;
  message: string;
}

/** Every schema problem of a loaded checks module, at the line of the offending key in checks.ts. */
export function checkShapeProblems(spec: unknown, checksFile: string): ShapeProblem[] {
  const parsed = ChecksShape.safeParse(spec);
  if (parsed.success) return [];
  const locate = locator(checksFile);
  const checks = (spec as { checks?: { name?: unknown }[] }).checks ?? [];
  return parsed.error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((extra) => {
      const p = issue.path;
      const where = describePath(p, checks);
      const checkName = p[0] === 'checks' && typeof p[1] === 'number' ? checks[p[1]]?.name : undefined;
      const line = locate(typeof checkName === 'string' ? checkName : undefined, extra ?? (p[0] === 'checks' ? (p[2] as string | undefined) : p[1] === undefined ? undefined : String(p[1])), p[0] === 'mistakes');
      const message =
        extra !== undefined
          ? `${where}: unknown field "${extra}"${suggest(extra)}; the grader would ignore it`
          : `${where}: ${issue.message}`;
      return { line, message };
    });
  });
}

const KNOWN = Object.keys(CheckShape.shape);
function suggest(key: string): string {
  const near = KNOWN.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return near ? ` (did you mean "${near}"?)` : '';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function describePath(p: PropertyKey[], checks: { name?: unknown }[]): string {
  if (p[0] === 'checks' && typeof p[1] === 'number') {
    const name = checks[p[1]]?.name;
    const rest = p.slice(2).map(String).join('.');
    return `check ${typeof name === 'string' ? `"${name}"` : `#${p[1] + 1}`}${rest ? ` field ${rest}` : ''}`;
  }
  if (p[0] === 'mistakes' && p[1] !== undefined) return `mistakes.${p.slice(1).map(String).join('.')}`;
  return p.length > 0 ? p.map(String).join('.') : 'defineChecks({...})';
}

/**
 * Finds lines in checks.ts from its syntax tree: the object literal with `name: '<check>'` and the
 * property `key` inside it (or the `name` line when the key comes from a shared object or a spread).
 */
function locator(file: string): (check: string | undefined, key: string | undefined, mistake: boolean) => number {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const propName = (p: ts.ObjectLiteralElementLike) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined);
  const objects: ts.ObjectLiteralExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isObjectLiteralExpression(n)) objects.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return (check, key, mistake) => {
    if (mistake && key) {
      for (const o of objects) for (const p of o.properties) if (propName(p) === key && ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.initializer)) return lineOf(p);
    }
    if (check) {
      const obj = objects.find((o) => o.properties.some((p) => propName(p) === 'name' && ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer) && p.initializer.text === check)) ?? (check === 'examples' ? objects.find(isExamplesCall) : undefined);
      if (obj) {
        const prop = key ? obj.properties.find((p) => propName(p) === key) : undefined;
        return lineOf(prop ?? obj.properties.find((p) => propName(p) === 'name') ?? obj);
      }
    }
    if (key) for (const o of objects) for (const p of o.properties) if (propName(p) === key) return lineOf(p);
    const def = sf.statements.find(ts.isExportAssignment);
    return def ? lineOf(def) : 1;
  };
}

/** The object given to the harness's `examples({…})`: the check named `examples`, without a `name:` line. */
function isExamplesCall(o: ts.ObjectLiteralExpression): boolean {
  return ts.isCallExpression(o.parent) && ts.isIdentifier(o.parent.expression) && o.parent.expression.text === 'examples';
}
