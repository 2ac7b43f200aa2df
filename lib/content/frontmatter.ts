import { parseDocument, LineCounter } from 'yaml';
import type { z } from 'zod';

export interface ContentError {
  file: string;
  line: number;
  message: string;
}

/**
 * Splits `---\nyaml\n---\nbody` and validates the YAML against a zod schema. Errors carry the line
 * in the file so an author can jump straight to it.
 */
export function parseFrontMatter<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { ok: true; data: z.infer<S>; body: string; bodyLine: number; keyLines: Record<string, number> } | { ok: false; errors: ContentError[] } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) {
    return { ok: false, errors: [{ file, line: 1, message: 'missing front matter: the file must start with a "---" line, YAML, and a closing "---"' }] };
  }
  const yamlText = match[1] ?? '';
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        line: 1 + (e.linePos?.[0]?.line ?? 1),
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.flatMap((issue) => {
        // A misspelt key is reported at its own line (zod puts it on the parent object's path).
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((k) => ({ file, line: 1 + lineOfKey(doc, lineCounter, [...issue.path, k]), message: `${[...issue.path, k].join('.')}: unknown key (allowed: ${allowedKeys(schema, issue.path).join(', ')})` }));
        }
        const key = issue.path.length > 0 ? issue.path.join('.') : '(front matter)';
        return [{ file, line: 1 + lineOfPath(doc, lineCounter, issue.path), message: `${key}: ${issue.message}` }];
      }),
    };
  }
  const bodyLine = match[0].split('\n').length;
  const keyLines: Record<string, number> = {};
  const contents = doc.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  for (const item of contents?.items ?? []) if (item.key?.range && typeof item.key.value === 'string') keyLines[item.key.value] = 1 + lc(lineCounter, item.key.range[0]);
  return { ok: true, data: parsed.data, body: text.slice(match[0].length), bodyLine, keyLines };
}

function lc(lineCounter: LineCounter, offset: number): number {
  return lineCounter.linePos(offset).line;
}

/** The line (within the YAML) of the key itself on `path`, falling back to its nearest parent. */
function lineOfKey(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, path: PropertyKey[]): number {
  const parent = (path.length > 1 ? doc.getIn(path.slice(0, -1) as (string | number)[], true) : doc.contents) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  const key = path[path.length - 1];
  const pair = parent?.items?.find((i) => i.key?.value === key);
  if (pair?.key?.range) return lc(lineCounter, pair.key.range[0]);
  return lineOfPath(doc, lineCounter, path.slice(0, -1));
}

/** The keys the schema allows at `path`, to suggest the right spelling. */
function allowedKeys(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const p of path) {
    const shape = unwrap(s)?.shape as Record<string, unknown> | undefined;
    s = shape?.[String(p)];
  }
  return Object.keys((unwrap(s)?.shape as Record<string, unknown> | undefined) ?? {});
}

function unwrap(s: unknown): { shape?: unknown } | undefined {
  let cur = s as { shape?: unknown; unwrap?: () => unknown; def?: { innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && cur && !cur.shape; i++) cur = (cur.def?.innerType ?? cur.unwrap?.()) as typeof cur;
  return cur;
}

/** The 1-based line (within the YAML) of the deepest existing node on `path`. */
function lineOfPath(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) return lc.linePos(node.range[0]).line;
    // Keys with invalid values may be scalars without ranges at this depth; keep walking up.
  }
  return 1;
}
