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
): { ok: true; data: z.infer<S>; body: string; bodyLine: number } | { ok: false; errors: ContentError[] } {
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
      errors: parsed.error.issues.map((issue) => {
        const key = issue.path.length > 0 ? issue.path.join('.') : '(front matter)';
        return { file, line: 1 + lineOfPath(doc, lineCounter, issue.path), message: `${key}: ${issue.message}` };
      }),
    };
  }
  const bodyLine = match[0].split('\n').length;
  return { ok: true, data: parsed.data, body: text.slice(match[0].length), bodyLine };
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
