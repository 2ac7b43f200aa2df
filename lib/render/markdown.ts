import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension } from 'marked';

/**
 * Markdown with KaTeX math, rendered to HTML on the server: `$…$` inline, `$$…$$` display.
 * Math is tokenised before Markdown sees it, so `_` and `*` inside formulas stay math.
 * Raw HTML in the source is escaped: exercise files are trusted, but nothing needs it.
 */

export function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^\$\$/m)?.index,
  tokenizer(src) {
    const m = /^\$\$\s*([\s\S]+?)\s*\$\$(?:\n|$)/.exec(src);
    if (m) return { type: 'blockMath', raw: m[0], text: m[1] ?? '' };
    return undefined;
  },
  // A wide equation scrolls sideways: the scroller takes keyboard focus so it can be reached without a mouse.
  renderer: (token) => `<div class="math-display" tabindex="0">${renderMath(String(token.text), true)}</div>\n`,
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => src.indexOf('$') >= 0 ? src.indexOf('$') : undefined,
  tokenizer(src) {
    // A single line break may fall inside inline math (wrapped source); a blank line may not.
    const m = /^\$(?!\$)((?:\\.|[^\\$\n]|\n(?!\s*\n))+?)\$/.exec(src);
    if (m) return { type: 'inlineMath', raw: m[0], text: m[1] ?? '' };
    return undefined;
  },
  renderer: (token) => renderMath(String(token.text), false),
};

const marked = new Marked({
  gfm: true,
  extensions: [blockMath, inlineMath],
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // A code block scrolls sideways when its lines are long (on a phone, most are): it takes
    // keyboard focus so the scroller can be reached without a mouse.
    code: ({ text, lang, escaped }) => {
      const language = lang ? /^[\w-]+/.exec(lang)?.[0] : undefined;
      return `<pre tabindex="0"><code${language ? ` class="language-${language}"` : ''}>${escaped ? text.replace(/\n$/, '') : escapeHtml(text.replace(/\n$/, ''))}\n</code></pre>\n`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false }) as string;
}

/** Inline Markdown (no paragraphs), for one-line summaries and titles. */
export function renderInline(source: string): string {
  return marked.parseInline(source, { async: false }) as string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
