/**
 * A plain-text form of a short Markdown text with $TeX$, for the accessible name of a quiz option
 * whose visible label is (mostly) mathematics: `$\tanh(x)$` → "tanh(x)", `$100 \times 784$` →
 * "100 × 784", `$\mathbf{a}^{(l-1)}$` → "a^(l−1)". Screen readers and axe cannot always compute a
 * name from KaTeX's MathML, so the option says it in text, as a student would type it.
 */

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ',
  chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  times: '×', cdot: '·', odot: '⊙', oslash: '⊘', circ: '∘', in: '∈', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠',
  approx: '≈', to: '→', rightarrow: '→', infty: '∞', sum: 'Σ', prod: 'Π', partial: '∂', nabla: '∇', top: 'T', prime: '′',
  ldots: '…', cdots: '…', dots: '…', pm: '±', mid: '|',
};
const SPACES = new Set([',', ';', ':', '!', 'quad', 'qquad', ' ']);
const FRAC = /\\frac\{([^{}]*)\}\{([^{}]*)\}/g;
const DROP = new Set(['left', 'right', 'big', 'Big', 'bigl', 'bigr', 'displaystyle']);

/** Text for one TeX formula. */
export function texToText(tex: string): string {
  let out = tex;
  // \frac{a}{b} → (a)/(b), innermost first.
  const group = (x: string) => (/^[\w.]+$/.test(x) ? x : `(${x})`);
  for (let i = 0; i < 10 && out.includes('\\frac{'); i++) out = out.replace(FRAC, (_all, a: string, b: string) => `${group(a)}/${group(b)}`);
  out = out.replace(/\\mathbb\{R\}/g, 'ℝ');
  // Font and text wrappers keep their content.
  out = out.replace(/\\(?:mathbf|mathrm|mathit|mathcal|boldsymbol|bm|text|textbf|operatorname)\{([^{}]*)\}/g, '$1');
  out = out.replace(/\\([A-Za-z]+|.)/g, (_all, name: string) => {
    if (SPACES.has(name)) return ' ';
    if (DROP.has(name)) return '';
    return SYMBOLS[name] ?? name;
  });
  // Super- and subscripts of more than one character keep their grouping.
  out = out.replace(/([\^_])\{([^{}]*)\}/g, (_all, mark: string, body: string) => (body.length === 1 || /^\(.*\)$/.test(body) ? `${mark}${body}` : `${mark}(${body})`));
  out = out.replace(/[{}]/g, '').replace(/-/g, '−');
  return out.replace(/\s+/g, ' ').trim();
}

/** The option's text with every $…$ written out; undefined when it holds no mathematics. */
export function textAlternative(markdown: string): string | undefined {
  if (!markdown.includes('$')) return undefined;
  const text = markdown
    .replace(/\$\$([\s\S]+?)\$\$|\$([^$]+)\$/g, (_all, display?: string, inline?: string) => texToText(display ?? inline ?? ''))
    .replace(/[*_`]/g, (c) => (c === '_' ? c : ''));
  return text.replace(/\s+/g, ' ').trim();
}
