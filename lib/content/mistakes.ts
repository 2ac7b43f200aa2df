import { readFileSync } from 'node:fs';
import { applyPatch, parsePatch } from 'diff';

/**
 * A catalogued mistake is a unified diff against the exercise's `.meta/solution.ts`: it states only
 * what the mistake changes, so fixing or improving the solution fixes every mistake built on it.
 * The file `.meta/mistakes/<id>.patch` reads
 *
 *     Keeps a reference to the network being trained instead of a copy.   ← what the mistake is,
 *                                                                           for authors (any lines)
 *     --- solution.ts
 *     +++ last-epoch-weights.ts
 *     @@ -145,7 +145,6 @@
 *     …
 *
 * What is graded is the patched solution: a complete learner module, compiled like a student's
 * submission. Hunks apply where their lines still match (an edit elsewhere in the solution moves
 * them, as with `patch`); a hunk whose lines changed stops applying, and validation names it.
 * Make one with `diff -u .meta/solution.ts wrong.ts` after a line describing the mistake.
 */

export const MISTAKE_EXTENSION = '.patch';

export interface MistakePatch {
  /** The lines before the diff: what the mistake is, for authors (shown in the staff preview). */
  description: string;
  /** The unified diff itself, from its `---` line. */
  diff: string;
  /** 1-based line of the patch file where the diff begins. */
  diffLine: number;
}

export function parseMistakePatch(text: string): MistakePatch {
  const lines = text.split('\n');
  const start = lines.findIndex((l, i) => l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '));
  const at = start < 0 ? lines.length : start;
  return { description: lines.slice(0, at).join('\n').trim(), diff: lines.slice(at).join('\n'), diffLine: at + 1 };
}

export type AppliedMistake = { ok: true; source: string; patch: MistakePatch } | { ok: false; line: number; message: string };

/** The mistake's complete module: the solution with the patch applied, or why it does not apply. */
export function applyMistake(solution: string, patchText: string): AppliedMistake {
  const patch = parseMistakePatch(patchText);
  if (patch.diff.trim() === '') return { ok: false, line: 1, message: 'no unified diff found (a "--- solution.ts" line, a "+++ <id>.ts" line, then @@ hunks)' };
  let parsed;
  try {
    parsed = parsePatch(patch.diff);
  } catch (err) {
    return { ok: false, line: patch.diffLine, message: `the diff does not parse: ${(err as Error).message}` };
  }
  if (parsed.length !== 1 || parsed[0].hunks.length === 0) return { ok: false, line: patch.diffLine, message: 'the diff must change solution.ts alone, with at least one @@ hunk' };
  const source = applyPatch(solution, parsed[0]);
  if (source !== false) return { ok: true, source, patch };
  // Name the first hunk that no longer fits, so the author knows which lines of the solution moved.
  let text = solution;
  for (const hunk of parsed[0].hunks) {
    const next = applyPatch(text, { ...parsed[0], hunks: [hunk] });
    if (next === false) {
      const line = patch.diffLine + patch.diff.split('\n').findIndex((l) => l.startsWith(`@@ -${hunk.oldStart},`) || l.startsWith(`@@ -${hunk.oldStart} `));
      return { ok: false, line, message: `the hunk for solution.ts line ${hunk.oldStart} no longer applies: the solution's lines it changes or keeps around the change are different now; update the patch` };
    }
    text = next;
  }
  return { ok: false, line: patch.diffLine, message: 'the patch does not apply to solution.ts' };
}

/** Reads and applies a mistake file; throws with the file and the reason when it does not apply. */
export function readMistakeSource(solutionPath: string | undefined, patchPath: string): string {
  if (!solutionPath) throw new Error(`${patchPath}: a mistake is a patch of .meta/solution.ts, which is missing`);
  const applied = applyMistake(readFileSync(solutionPath, 'utf8'), readFileSync(patchPath, 'utf8'));
  if (!applied.ok) throw new Error(`${patchPath}:${applied.line}: ${applied.message}`);
  return applied.source;
}
