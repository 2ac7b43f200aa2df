import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, formulaProblem, numberProblem, previewExpression, scopeFromContext, toArray, type ExprContext } from '../../../lib/quiz/expr';
import { getQuizCatalog, unreadableAnswer } from '../../../lib/quiz';
import { textAlternative } from '../../../lib/site/quiz-text-alternative';
import { listNumbers, marksText, notSentMessage, questionCountText, unansweredText } from '../../../lib/site/quiz-text';
import { messages } from '../../../lib/i18n/catalog';

/**
 * Answers that cannot be read are told apart from wrong ones (the page does not submit them, the
 * server refuses them); `.*` next to `*` is read as MATLAB reads it, and explained where it fails.
 */

const BACKPROP: ExprContext = {
  symbols: [
    { name: 'z_l', shape: [3, 1] },
    { name: 'W_next', shape: [4, 3] },
    { name: 'delta_next', shape: [4, 1] },
  ],
  functions: [{ name: 'fprime' }],
  dims: [
    { name: 'M_l', size: 3 },
    { name: 'M_next', size: 4 },
  ],
};
const scope = scopeFromContext(BACKPROP);

describe('unreadable answers', () => {
  it('numbers: syntax errors, decimal commas and names cannot be read; wrong or infinite values can', () => {
    expect(numberProblem('1/')).toMatchObject({ code: 'unexpectedEnd', column: 3 });
    expect(numberProblem('0,25')).toEqual({ code: 'decimalComma', message: { en: 'Use a decimal point: write `0.25`.', zh: '请使用小数点：写成 `0.25`。' } });
    expect(numberProblem('x')).toMatchObject({ code: 'unknownSymbol' });
    expect(numberProblem('1e999')).toMatchObject({ code: 'badNumber' });
    expect(numberProblem('2x')).toMatchObject({ code: 'missingOperator' });
    for (const readable of ['0.25', '1/4', ' 0.25^5 ', '-3', '1/0', '784*100 + 100']) expect(numberProblem(readable), readable).toBeUndefined();
  });

  it('formulas: syntax errors and unknown names cannot be read; shape mistakes are graded', () => {
    expect(formulaProblem('yhat - y)', scope)).toMatchObject({ code: 'unexpectedClose', column: 9 });
    expect(formulaProblem('W_nxt * delta_next', scope)).toMatchObject({ code: 'unknownSymbol', column: 1 });
    expect(formulaProblem('fprime * z_l', scope)).toMatchObject({ code: 'functionWithoutCall' });
    expect(formulaProblem('W_next * delta_next', scope)).toBeUndefined();
    expect(formulaProblem('fprime(z_l) .* W_next^T * delta_next', scope)).toBeUndefined();
    expect(previewExpression('yhat - y)', BACKPROP)).toMatchObject({ unreadable: true, column: 9 });
    expect(previewExpression('W_next * delta_next', BACKPROP)).toMatchObject({ unreadable: false });
  });

  it('every quiz question: its reference answer (as a string) is readable', () => {
    for (const quiz of getQuizCatalog().quizzes) {
      for (const q of quiz.questions) {
        if (q.type === 'numeric' && typeof q.answer === 'number') expect(unreadableAnswer(q, String(q.answer)), `${quiz.id}/${q.id}`).toBeUndefined();
        if ((q.type === 'expression' || q.type === 'matrix') && !q.params) expect(unreadableAnswer(q, q.answer), `${quiz.id}/${q.id}`).toBeUndefined();
      }
    }
  });
});

describe('`.*` and `*`', () => {
  it('bind equally and are read from left to right, as in MATLAB', () => {
    const s = scopeFromContext({ symbols: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const run = (src: string, a: number, b: number, c: number) =>
      toArray(evaluate(compile(src, s).ast, src, { values: new Map([['a', a], ['b', b], ['c', c]]), functions: new Map(), dims: new Map() }));
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0.5, max: 10, noNaN: true }), (a, b, c) => {
        expect(run('a .* b * c', a, b, c)).toEqual(run('(a .* b) * c', a, b, c));
        expect(run('a * b ./ c', a, b, c)).toEqual(run('(a * b) ./ c', a, b, c));
        expect(run('a ./ b * c', a, b + 20, c)).toEqual(run('(a ./ b) * c', a, b + 20, c));
      }),
    );
  });

  it('a shape error in a mixed chain says how it was read and where the parentheses go, in both languages', () => {
    const en = previewExpression('fprime(z_l) .* W_next^T * delta_next', BACKPROP);
    expect(en).toMatchObject({ unreadable: false, column: 1 });
    expect((en as { error: string }).error).toContain(
      '`.*` and `*` bind equally and are read from left to right, so `fprime(z_l) .* W_next^T * delta_next` means `(fprime(z_l) .* W_next^T) * delta_next`; for `fprime(z_l) .* (W_next^T * delta_next)` add those parentheses.',
    );
    const zh = previewExpression('fprime(z_l) .* W_next^T * delta_next', BACKPROP, 'zh');
    expect((zh as { error: string }).error).toContain('`.*` 与 `*` 优先级相同，从左到右结合');
    // Said once, even in a longer chain.
    const long = previewExpression('fprime(z_l) .* W_next^T * delta_next .* z_l', BACKPROP) as { error: string };
    expect(long.error.match(/bind equally/g)).toHaveLength(1);
    // Unmixed chains keep their plain message.
    expect((previewExpression('z_l .* W_next', BACKPROP) as { error: string }).error).not.toContain('bind equally');
  });

  it('the preview shows the grouping a mixed chain is read with', () => {
    expect(previewExpression('W_next^T * delta_next .* fprime(z_l)', BACKPROP)).toMatchObject({ tex: expect.stringMatching(/^\\left\(.*\\right\) \\odot /) });
    expect(previewExpression('fprime(z_l) .* (W_next^T * delta_next)', BACKPROP)).toMatchObject({ shape: [3, 1] });
  });
});

describe('quiz wording', () => {
  const en = messages('en').quiz;
  const zh = messages('zh').quiz;
  it('counts in the right number, and lists questions naturally', () => {
    expect(unansweredText(en, 1)).toBe('1 question unanswered: it scores 0.');
    expect(unansweredText(en, 2)).toBe('2 questions unanswered: they score 0.');
    expect(unansweredText(zh, 1)).toBe('有 1 道题未作答，该题记 0 分。');
    expect(questionCountText(en, 1)).toBe('1 question');
    expect(questionCountText(en, 6)).toBe('6 questions');
    expect(listNumbers(en, [2, 3, 5])).toBe('2, 3 and 5');
    expect(listNumbers(zh, [2, 3, 5])).toBe('2、3、5');
    expect(notSentMessage(en, [4])).toMatch(/^Nothing was submitted: the answer to question 4 cannot be read\. Fix it/);
    expect(notSentMessage(zh, [2, 5])).toBe('未提交：第 2、5 题的答案无法读取。请修改（已在下方标出）后再提交。');
  });

  it('question marks and course points are different units', () => {
    expect(marksText(en, 1, 1)).toBe('1 / 1 mark');
    expect(marksText(en, 4, 6)).toBe('4 / 6 marks');
    expect(marksText(zh, 4, 6)).toBe('卷面 4 / 6 分');
    expect(en.courseWeight).toContain('course points');
    expect(zh.courseWeight).toContain('课程成绩');
    // No Latin words in the Chinese quiz interface (placeholders and symbols aside).
    for (const [key, text] of Object.entries(zh)) expect(text.replace(/\{\w+\}|`[^`]*`|[*^.T]/g, ''), key).not.toMatch(/[A-Za-z]{2,}/);
  });
});

describe('text alternatives of math-only options', () => {
  it('write the formula as text', () => {
    expect(textAlternative('$\\tanh(x)$')).toBe('tanh(x)');
    expect(textAlternative('$100 \\times 784$')).toBe('100 × 784');
    expect(textAlternative('Logistic $\\sigma(x)$')).toBe('Logistic σ(x)');
    expect(textAlternative('$\\mathbf{a}^{(l-1)}$')).toBe('a^(l−1)');
    expect(textAlternative('$\\frac{1}{4}$')).toBe('1/4');
    expect(textAlternative('The identity matrix $I_{M_l} \\in \\mathbb{R}^{M_l \\times M_l}$')).toBe('The identity matrix I_(M_l) ∈ ℝ^(M_l × M_l)');
    expect(textAlternative('No math here')).toBeUndefined();
  });

  it('every option of every quiz with math gets a non-empty text without TeX commands', () => {
    for (const quiz of getQuizCatalog().quizzes) {
      for (const q of quiz.questions) {
        if (q.type !== 'single' && q.type !== 'multiple') continue;
        for (const o of q.options) {
          for (const text of [o.text.en, o.text.zh]) {
            const label = textAlternative(text);
            if (label === undefined) continue;
            expect(label.length, `${quiz.id}/${q.id}/${o.id}`).toBeGreaterThan(0);
            expect(label, `${quiz.id}/${q.id}/${o.id}`).not.toMatch(/\\|\$/);
          }
        }
      }
    }
  });
});
