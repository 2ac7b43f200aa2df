import { describe, expect, it } from 'vitest';
import { gradeQuestion, type QuestionGrade } from '../../../lib/quiz/grade';
import { referenceAnswer } from '../../../lib/quiz/index';
import { presentOptions, tokensFor } from '../../../lib/quiz/options';
import type { ChoiceQuestion } from '../../../lib/quiz/schema';
import { HOSTILE_SCALAR } from './answer-rows';
import { FIXTURE, question, quizFromYaml } from './fixtures';

const quiz = quizFromYaml(FIXTURE);
const SEED = 'alice';
const grade = (id: string, answer: unknown, seed = SEED): QuestionGrade => gradeQuestion(question(quiz, id), seed, answer);
const tokens = (id: string, optionIds: string[], seed = SEED) => tokensFor(question(quiz, id) as ChoiceQuestion, seed, optionIds);

describe('single choice', () => {
  it('scores the correct option 1 and shows its feedback', () => {
    const g = grade('pick-one', tokens('pick-one', ['a'])[0]);
    expect(g).toMatchObject({ score: 1, correct: true, message: { en: 'Correct. Well chosen.', zh: '正确。选得好。' } });
  });

  it('scores a wrong option 0 with that option’s feedback', () => {
    expect(grade('pick-one', tokens('pick-one', ['b'])[0])).toMatchObject({ score: 0, correct: false, message: { en: 'Not correct. B is tempting.' } });
    expect(grade('pick-one', tokens('pick-one', ['c'])[0]).message.en).toBe('Not correct.');
  });

  it('rejects what is not one known option, without throwing', () => {
    expect(grade('pick-one', 'a').message.en).toBe('Option `a` is not part of this question; reload the page.');
    expect(grade('pick-one', tokens('pick-one', ['a', 'b'])).message.en).toBe('Choose one option.');
    for (const bad of [null, undefined, 42, {}, { toString: () => 'a' }, [1], 'x'.repeat(10_000)]) {
      const g = grade('pick-one', bad);
      expect(g.score).toBe(0);
      expect(g.details.invalid).toBe(true);
    }
  });
});

describe('multiple choice', () => {
  it('gives partial credit: (right − wrong) / #correct, never below 0', () => {
    const t = (ids: string[]) => tokens('pick-many', ids);
    expect(grade('pick-many', t(['a', 'e']))).toMatchObject({ score: 1, correct: true });
    expect(grade('pick-many', t(['e', 'a'])).score).toBe(1);
    expect(grade('pick-many', t(['a']))).toMatchObject({ score: 0.5, correct: false });
    expect(grade('pick-many', t(['a', 'e', 'x'])).score).toBe(0.5);
    expect(grade('pick-many', t(['a', 'b', 'x'])).score).toBe(0);
    expect(grade('pick-many', t(['a', 'b', 'e', 'x'])).score).toBe(0);
    expect(grade('pick-many', [...t(['a']), ...t(['a'])]).score).toBe(0.5);
    expect(grade('pick-many', []).message.en).toBe('You chose no option.');
  });

  it('says how many were right and wrong, with the feedback of chosen options', () => {
    const g = grade('pick-many', tokens('pick-many', ['a', 'b']));
    expect(g.message.en).toBe('You chose 1 of the 2 correct options and 1 wrong one(s). b is a consonant.');
    expect(g.message.zh).toBe('你选中了 2 个正确选项中的 1 个，另选错 1 个。b 是辅音。');
    expect(g.details).toMatchObject({ correctChosen: 1, wrongChosen: 1, totalCorrect: 2 });
  });

  it('refuses huge answer arrays cheaply', () => {
    expect(grade('pick-many', Array(1_000_000).fill('oabc')).details.invalid).toBe(true);
  });
});

describe('shuffling', () => {
  const q = question(quiz, 'pick-one') as ChoiceQuestion;
  const order = (seed: string) => presentOptions(q, seed).map((p) => p.option.id).join(',');

  it('is the same for a student on every reload, and differs between students', () => {
    expect(order('alice')).toBe(order('alice'));
    const orders = new Set(Array.from({ length: 30 }, (_, i) => order(`student-${i}`)));
    expect(orders.size).toBeGreaterThan(3);
  });

  it('keeps fixed options in place', () => {
    for (let i = 0; i < 20; i++) expect(order(`s${i}`).endsWith(',none')).toBe(true);
  });

  it('shows opaque tokens that differ between students, and grades through them', () => {
    const alice = tokens('pick-one', ['a'], 'alice')[0]!;
    const bob = tokens('pick-one', ['a'], 'bob')[0]!;
    expect(alice).not.toBe(bob);
    expect(alice).toMatch(/^o[0-9a-z]+$/);
    expect(grade('pick-one', alice, 'bob').score).toBe(0);
    expect(grade('pick-one', bob, 'bob').score).toBe(1);
  });
});

describe('numeric', () => {
  it('accepts the value, typed as a number, a string or a formula of numbers', () => {
    for (const answer of [0.25, '0.25', ' 0.25 ', '1/4', '0.5^2', 'sigma(0)*(1 - sigma(0))', '2.5e-1']) {
      expect(grade('sigma-prime', answer)).toMatchObject({ score: 1, correct: true });
    }
  });

  it('rejects wrong values, with catalogued feedback when it matches a known mistake', () => {
    expect(grade('sigma-prime', '0.5')).toMatchObject({ score: 0, message: { en: 'Not correct. That is sigma(0).' }, details: { mistake: 0 } });
    expect(grade('sigma-prime', '0.2').message.en).toBe('Not correct.');
    expect(grade('sigma-prime', '0.250005').message.en).toBe('Close, but not precise enough: give more significant digits.');
  });

  it('explains unreadable answers', () => {
    expect(grade('sigma-prime', '0,25').message.en).toBe('Use a decimal point: write `0.25`.');
    expect(grade('sigma-prime', '1/0').message.en).toBe('Division by zero in `1/0` (column 1).');
    expect(grade('sigma-prime', 'x').message.en).toBe('Unknown symbol `x` at column 1.');
    expect(grade('sigma-prime', '(1').details.error).toEqual({ code: 'expectedClose', column: 3 });
    expect(grade('sigma-prime', Infinity).details.invalid).toBe(true);
    expect(grade('sigma-prime', { valueOf: () => 0.25 }).details.invalid).toBe(true);
  });
});

describe('parameterised questions', () => {
  const q = question(quiz, 'weighted-sum');

  it('are the same for a student on every call, different between students', () => {
    expect(referenceAnswer(q, 'alice')).toBe(referenceAnswer(q, 'alice'));
    const answers = new Set(Array.from({ length: 20 }, (_, i) => referenceAnswer(q, `student-${i}`)));
    expect(answers.size).toBeGreaterThan(5);
  });

  it('grade each student against their own numbers', () => {
    const alice = referenceAnswer(q, 'alice') as string;
    const bob = referenceAnswer(q, 'bob') as string;
    expect(alice).not.toBe(bob);
    expect(gradeQuestion(q, 'alice', alice).score).toBe(1);
    expect(gradeQuestion(q, 'bob', alice).score).toBe(0);
  });

  it('fill texts and catalogued feedback with the student’s numbers', () => {
    const g = gradeQuestion(q, 'alice', '123456');
    expect(g.explanation?.en).toMatch(/^z = -?\d/);
    const w = gradeQuestion(q, 'alice', String(Number(referenceAnswer(q, 'alice')) - 0)).explanation;
    expect(w).toEqual(g.explanation);
  });
});

describe('scalar expressions', () => {
  it.each(['1 - tanh(x)^2', '(1 - tanh(x))*(1 + tanh(x))', '1-tanh(x)*tanh(x)', 'pow(cosh(x), -2) + 0*tanh(x)', '-(tanh(x)^2 - 1)'])('accepts the equivalent %s', (answer) => {
    expect(grade('tanh-prime', answer)).toMatchObject({ score: 1, correct: true, message: { en: 'Correct.' } });
  });

  it('rejects a wrong formula, naming a point and the value it gives there', () => {
    const g = grade('tanh-prime', '1 - tanh(x)');
    expect(g.score).toBe(0);
    expect(g.message.en).toMatch(/^Not equivalent to the expected expression: at x = -?[\d.]+ yours gives -?[\d.e-]+, which is not right\.$/);
  });

  it('recognises a catalogued mistake and says what is wrong', () => {
    const g = grade('tanh-prime', 'tanh(x) * (1 - tanh(x))');
    expect(g.message.en).toMatch(/That is the logistic pattern\.$/);
    expect(g.details.mistake).toBe(0);
  });

  it('insists on the requested form', () => {
    expect(grade('tanh-prime', '1/cosh(x)^2').message.en).toBe('Write your answer in terms of `tanh`.');
  });

  it('grades the book’s σ(wx + b) example in any form', () => {
    expect(grade('sigmoid-graph', 'x*exp(-(w*x + b))/(exp(-(w*x + b)) + 1)^2').score).toBe(1);
    expect(grade('sigmoid-graph', 'x * sigma(w*x+b) * sigma(-(w*x+b))').score).toBe(1);
    expect(grade('sigmoid-graph', 'sigma(w*x+b)*(1-sigma(w*x+b))').score).toBe(0);
  });

  it('malformed answers: syntax errors with columns, unknown symbols with suggestions', () => {
    expect(grade('tanh-prime', '1 - tanh(x^2')).toMatchObject({ score: 0, message: { en: 'Expected `)` at column 13 to close the `(` at column 9.' }, details: { error: { code: 'expectedClose', column: 13 } } });
    expect(grade('tanh-prime', '1 - tan(y)^2').message.en).toBe('Unknown symbol `y` at column 9. Available here: `x`.');
    expect(grade('tanh-prime', '1 - tahn(x)^2').message.en).toBe('Unknown function `tahn` at column 5 — did you mean `tanh`?');
    expect(grade('sigmoid-graph', 'x*sigma(W*x+b)').message.en).toBe('Unknown symbol `W` at column 9 — did you mean `w`?');
  });

  it('hostile answers are graded 0 with a message (their grading time: npm run bench:quiz)', () => {
    for (const [answer, code] of HOSTILE_SCALAR) {
      const g = grade('tanh-prime', answer);
      expect(g.score).toBe(0);
      expect(g.details.error?.code).toBe(code);
    }
    expect(grade('tanh-prime', 'exp(exp(exp(1000))) + tanh(x)').message.en).toMatch(/^`exp\(1000\)` \(column 9\) is not a finite number at x = -?[\d.]+\.$/);
    for (const bad of [null, 1, ['1 - tanh(x)^2'], { answer: '1 - tanh(x)^2' }]) expect(grade('tanh-prime', bad).details.invalid).toBe(true);
  });

  it('is deterministic per student', () => {
    expect(grade('tanh-prime', '1 - tanh(x)', 'carol')).toEqual(grade('tanh-prime', '1 - tanh(x)', 'carol'));
  });
});

describe('matrix expressions', () => {
  it.each([
    'fprime(z_l) .* (W_next^T * delta_next)',
    "(W_next' * delta_next) .* fprime(z_l)",
    'diag(fprime(z_l)) * W_next^T * delta_next',
    "(delta_next' * W_next)' .* fprime(z_l)",
    'transpose(W_next) * delta_next .* fprime(z_l)',
  ])('accepts the equivalent %s', (answer) => {
    expect(grade('error-term', answer)).toMatchObject({ score: 1, correct: true });
  });

  it('reports a transposition mistake as a shape error, naming the sizes and the place', () => {
    const g = grade('error-term', 'fprime(z_l) .* (W_next * delta_next)');
    expect(g.score).toBe(0);
    expect(g.message.en).toBe('You multiplied a 4×3 (M_next×M_l) by a 4×1 (M_next×1) (in `W_next * delta_next`, column 17): the inner sizes 3 and 4 must agree.');
    expect(g.details.error).toEqual({ code: 'shapeMatmul', column: 17 });
  });

  it('reports a result of the wrong shape', () => {
    expect(grade('weight-gradient', 'a_prev * delta_l^T').message.en).toBe('Your expression is a 2×3 (M_prev×M_l) matrix, but the answer is a 3×2 (M_l×M_prev) matrix.');
    expect(grade('weight-gradient', 'delta_l^T * delta_l').message.en).toBe('Your expression is a scalar, but the answer is a 3×2 (M_l×M_prev) matrix.');
    expect(grade('weight-gradient', 'a_prev * delta_l^T').message.zh).toBe('你的表达式是 2×3 (M_prev×M_l) 矩阵，而答案是 3×2 (M_l×M_prev) 矩阵。');
  });

  it('compares values at random matrices, and recognises catalogued mistakes', () => {
    const g = grade('error-term', 'W_next^T * delta_next');
    expect(g.score).toBe(0);
    expect(g.message.en).toMatch(/^Not equivalent to the expected expression: for random values of the symbols \(draw 1\), entry \(\d, 1\) of yours is -?[\d.]+, which is not right\. You left out fprime\.$/);
    expect(grade('error-term', 'fprime(z_l) .* (W_next^T * delta_next) * 2').details.mistake).toBeUndefined();
    expect(grade('weight-gradient', 'delta_l * a_prev^T').score).toBe(1);
    expect(grade('weight-gradient', '(a_prev * delta_l^T)^T').score).toBe(1);
  });

  it('an opaque f′ is not any particular function', () => {
    expect(grade('error-term', 'sigma(z_l) .* (1 - sigma(z_l)) .* (W_next^T * delta_next)').score).toBe(0);
    expect(grade('error-term', 'W_next^T * delta_next .* 1').score).toBe(0);
  });

  it('returns a LaTeX rendering and the shape of what was typed', () => {
    expect(grade('error-term', 'fprime(z_l) .* (W_next^T * delta_next)').details).toMatchObject({
      tex: "f_l'\\left(\\mathbf{z}^{(l)}\\right) \\odot \\left({\\left(W^{(l+1)}\\right)}^{\\top}\\,\\delta^{(l+1)}\\right)",
      shape: [3, 1],
    });
  });
});
