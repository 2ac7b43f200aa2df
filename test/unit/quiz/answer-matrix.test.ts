import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../../lib/quiz/grade';
import { nested, quiz, ROWS, SEED } from './answer-rows';
import { question } from './fixtures';

/**
 * The answer table (answer-rows.ts), for every question type: each answer is graded as stated and
 * never throws. How long the malformed and hostile ones take is measured by `npm run bench:quiz`,
 * not asserted here (a loaded CI machine makes any millisecond bound flaky).
 */

const grade = (id: string, answer: unknown) => gradeQuestion(question(quiz, id), SEED, answer);

describe.each(ROWS)('$type', (row) => {
  it('scores the reference answer 1', () => {
    expect(grade(row.id, row.correct)).toMatchObject({ score: 1, correct: true });
  });

  it('scores an equivalent answer, written differently, 1', () => {
    expect(grade(row.id, row.equivalent)).toMatchObject({ score: 1, correct: true });
  });

  it('scores a wrong answer 0 and says so', () => {
    const g = grade(row.id, row.wrong);
    expect(g.score).toBe(0);
    expect(g.correct).toBe(false);
    expect(g.message.en).not.toBe('Correct.');
    expect(g.message.zh.length).toBeGreaterThan(1);
  });

  it('scores malformed answers 0 with a reason in both languages', () => {
    for (const answer of row.malformed) {
      const g = grade(row.id, answer);
      const label = String(typeof answer === 'symbol' ? 'symbol' : JSON.stringify(answer) ?? typeof answer).slice(0, 40);
      expect(g.score, label).toBe(0);
      expect(g.details.invalid === true || g.details.error !== undefined || g.message.en === 'Choose one option.' || g.message.en === 'You chose no option.', label).toBe(true);
      expect(g.message.en.length, label).toBeGreaterThan(5);
      expect(g.message.zh.length, label).toBeGreaterThan(2);
    }
  });

  it('scores hostile answers 0 without throwing (their grading time: npm run bench:quiz)', () => {
    for (const answer of row.hostile) {
      const g = grade(row.id, answer);
      const label = String(JSON.stringify(answer)).slice(0, 40);
      expect(g.score, label).toBe(0);
      expect(g.message.en.length, label).toBeGreaterThan(5);
    }
  });
});

describe('specific verdicts for hostile answers', () => {
  const code = (id: string, answer: unknown) => gradeQuestion(question(quiz, id), SEED, answer).details.error?.code;
  it('names the problem rather than failing generically', () => {
    expect(code('sigma-prime', 'NaN')).toBe('unknownSymbol');
    expect(code('sigma-prime', 'Infinity')).toBe('unknownSymbol');
    expect(code('sigma-prime', '1e999')).toBe('badNumber');
    expect(code('tanh-prime', nested(10_000, 'tanh(x)'))).toBe('tooLong');
    expect(code('tanh-prime', nested(200, 'tanh(x)'))).toBe('tooDeep');
    expect(code('tanh-prime', 'foo(tanh(x))')).toBe('unknownFunction');
    expect(code('error-term', 'inv(W_next) * delta_next')).toBe('unknownFunction');
    expect(code('error-term', 'fprime(z_l) .* (W_next * delta_next)')).toBe('shapeMatmul');
  });
});
