import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CheckResult, GradingResult } from '../../../grader/results';
import { Feedback } from '../../../app/_components/Feedback';
import { heatmapText } from '../../../app/_components/Heatmap';
import { plotText } from '../../../app/_components/Plot';
import { messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { en as quizEn } from '../../../lib/i18n/messages/quiz';

/** The feedback's layout and its text alternatives, rendered without a browser. */

const hint = { id: 'no-hidden-derivative', hint: 'δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾' };
function failing(name: string): CheckResult {
  return {
    name,
    title: name,
    kind: 'gradient',
    visibility: 'hidden',
    passed: false,
    points: 0,
    maxPoints: 3,
    message: `Wrong on 2 of 3 inputs (${name}).`,
    cases: { total: 3, failed: 2 },
    input: 'sizes 2→3→2',
    inputParts: [
      { name: 'x', value: [1, 2] },
      { name: 'W⁽¹⁾', value: [[1, -1], [0.5, 0.5], [-1, 2]] },
    ],
    mismatch: { where: { path: ['db', 0, 1], label: '∂L/∂b⁽¹⁾, entry 2' }, expected: 0.2, got: 0.25, expectedText: '0.2', gotText: '0.25' },
    mistake: hint,
    heatmaps: [{ label: '∂L/∂b⁽¹⁾', rows: 3, cols: 1, kind: 'vector', values: [0, 0.2, 0], expected: [0.1, 0.2, 0.3], got: [0.1, 0.25, 0.3] }],
    timeMs: 1,
  };
}
const passed: CheckResult = { ...failing('ok'), passed: true, points: 3, message: 'Correct.', cases: { total: 3, failed: 0 } };
const result: GradingResult = {
  exercise: 'mlp-backward',
  version: 'v',
  mode: 'submit',
  status: 'failed',
  score: 0.33,
  points: 3,
  maxPoints: 9,
  summary: '1 of 3 checks passed (3 of 9 points).',
  checks: [passed, failing('first'), failing('second')],
  compileErrors: [],
  console: { text: '', truncated: false },
  timeMs: 5,
};

describe('feedback at a glance', () => {
  const t = messages('en').feedback;
  const html = renderToStaticMarkup(createElement(Feedback, { result, t, messages: messages('en'), typeWarnings: [{ line: 2, column: 9, message: "Type 'number' is not assignable to type 'string'." }] }));

  it('puts the summary first with the hint once, and opens only the first failing check', () => {
    expect(html.indexOf('data-testid="feedback-summary"')).toBeLessThan(html.indexOf('class="checks"'));
    expect(html.match(/class="hint"/g)).toHaveLength(1);
    expect(html).toContain('data-testid="what-is-wrong"');
    const details = [...html.matchAll(/<details( open="")?/g)].map((m) => m[1] !== undefined);
    expect(details).toEqual([true, false]);
    // The passed check is one line, with no details at all.
    expect(html.match(/data-check="ok"[^]*?<\/li>/)![0]).not.toContain('<details');
  });

  it('lays inputs out as named vectors and matrices', () => {
    expect(html).toContain('<table class="matrix">');
    expect(html).toMatch(/W⁽¹⁾ <span aria-hidden="true">=<\/span>/);
    expect(html).not.toMatch(/input\[0\]/);
  });

  it('lists type errors as warnings', () => {
    expect(html).toContain('data-testid="type-warnings"');
    expect(html).toContain('line 2, column 9');
  });

  it('gives heatmaps and plots text alternatives with the data that matters', () => {
    const where = (i: number) => format(t.entryAt, { i: i + 1 });
    expect(heatmapText(result.checks[1]!.heatmaps![0]!, t, where)).toBe(
      '∂L/∂b⁽¹⁾ (vector of 3): 1 of 3 entries wrong; worst at entry 2: expected 0.2, got 0.25 (relative error 20%).',
    );
    expect(heatmapText(result.checks[1]!.heatmaps![0]!, messages('zh').feedback, (i) => format(messages('zh').feedback.entryAt, { i: i + 1 }))).toMatch(
      /^∂L\/∂b⁽¹⁾（长度为 3 的向量）：3 个元素中有 1 个错误；误差最大处为第 2 个元素：期望 0.2，得到 0.25/,
    );
    const plot = { xLabel: 'x', x: [-1, 0, 1], expected: [0, 0.25, 0], got: [0, 0.5, 0] };
    expect(plotText(plot, t)).toBe(
      'Your function and the reference, x from -1 to 1: yours differs from the reference at 1 of 3 points; the largest gap is at x = 0: reference 0.25, yours 0.5.',
    );
  });

  it('says English plurals right', () => {
    expect(format(quizEn.unanswered, { n: 1 })).toBe('1 question unanswered: it scores 0.');
    expect(format(quizEn.unanswered, { n: 2 })).toBe('2 questions unanswered: they score 0.');
    expect(format(t.cases, { failed: 1, total: 1 })).toBe('1 of 1 input wrong');
  });
});
