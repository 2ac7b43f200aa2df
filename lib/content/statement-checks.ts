import katex from 'katex';

/**
 * Checks on a statement's Markdown that need no grader: every formula renders with KaTeX in strict
 * mode (the site renders with throwOnError off, so a typo would show as red raw TeX to students),
 * and the example table, when there is one, lists the example check's inputs.
 */

export interface TextProblem {
  /** 1-based line within the text given. */
  line: number;
  message: string;
}

/** Formulas in Markdown, outside code: `$$…$$` blocks and `$…$` inline, with their lines. */
export function formulas(markdown: string): { tex: string; display: boolean; line: number }[] {
  const out: { tex: string; display: boolean; line: number }[] = [];
  // Blank out code so `$` in code samples is not math; keep newlines so lines stay right.
  const text = markdown.replace(/```[\s\S]*?```|`[^`\n]*`/g, (m) => m.replace(/[^\n]/g, ' '));
  const re = /\$\$([\s\S]+?)\$\$|\$(?!\$)((?:\\.|[^\\$\n]|\n(?!\s*\n))+?)\$/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ tex: (m[1] ?? m[2] ?? '').trim(), display: m[1] !== undefined, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

export function mathProblems(markdown: string): TextProblem[] {
  const problems: TextProblem[] = [];
  for (const f of formulas(markdown)) {
    const error = katexError(f.tex, f.display);
    if (error) problems.push({ line: f.line, message: `KaTeX cannot render $${f.tex.length > 60 ? `${f.tex.slice(0, 57)}…` : f.tex}$: ${error}` });
  }
  return problems;
}

/** The KaTeX error for one formula in strict mode, or null when it renders. */
export function katexError(tex: string, display: boolean): string | null {
  try {
    katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      // Strict, except that Chinese words inside \text{} are how the zh statements label terms.
      strict: (code: string) => (code === 'unicodeTextInMathMode' ? 'ignore' : 'error'),
    });
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^KaTeX parse error: /, '');
  }
}

/**
 * The numbers in the first column of the statement's first Markdown table whose header names the
 * input (x, z, input, 输入…), or undefined when the statement has no such table.
 */
export function exampleTableInputs(markdown: string): { line: number; values: string[] } | undefined {
  const lines = markdown.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^\s*\|/.test(lines[i]!) || !/^\s*\|\s*:?-{2,}/.test(lines[i + 1]!)) continue;
    const rows: string[] = [];
    for (let j = i + 2; j < lines.length && /^\s*\|/.test(lines[j]!); j++) rows.push(lines[j]!.split('|')[1]!.trim());
    return { line: i + 1, values: rows };
  }
  return undefined;
}
