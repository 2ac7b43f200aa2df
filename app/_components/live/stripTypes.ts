/**
 * The student's TypeScript → JavaScript for a live run, with sucrase: types are stripped, never
 * checked (as the grader does with esbuild: type errors are the editor's job). Sucrase parses the
 * file and strips it in a millisecond or two; Monaco's `getEmitOutput` type-checked the whole file
 * first (its emit resolver asks for every diagnostic), which was most of a live run's time.
 *
 * Sucrase is a chunk of its own, downloaded on first use only (loadStripper, called when the
 * student focuses the editor): a student who only reads downloads none of it.
 */

export type Stripped = { ok: true; js: string } | { ok: false; line: number; message: string };

type Sucrase = typeof import('sucrase');

let loading: Promise<Sucrase> | null = null;

/** Starts (once) the download of sucrase; later calls share it. */
export function loadStripper(): Promise<Sucrase> {
  loading ??= import('sucrase').catch((err: unknown) => {
    loading = null; // a failed download is tried again on the next edit
    throw err;
  });
  return loading;
}

export async function stripTypes(source: string): Promise<Stripped> {
  const { transform } = await loadStripper();
  try {
    // disableESTransforms: the browser runs today's JavaScript as it is; only the types go.
    return { ok: true, js: transform(source, { transforms: ['typescript'], disableESTransforms: true }).code };
  } catch (err) {
    // Sucrase's parser says where: `Unexpected token (3:14)`, with loc.line counted from 1.
    const loc = (err as { loc?: { line?: unknown } }).loc;
    const line = typeof loc?.line === 'number' && loc.line >= 1 ? loc.line : 1;
    return { ok: false, line, message: err instanceof Error ? err.message : String(err) };
  }
}
