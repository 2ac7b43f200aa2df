import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../../lib/quiz/grade';
import { loadQuizzes } from '../../../lib/quiz/loader';
import { tokensFor } from '../../../lib/quiz/options';
import type { ChoiceQuestion, Question } from '../../../lib/quiz/schema';

/** The chapter's topics that no question asked before: each is graded as a student would answer it. */

const { quizzes, errors } = loadQuizzes();
const q = (quiz: string, id: string): Question => {
  const found = quizzes.find((z) => z.id === quiz)?.questions.find((x) => x.id === id);
  if (!found) throw new Error(`no ${quiz}/${id}`);
  return found;
};
const choose = (question: Question, ids: string[]) => {
  const t = tokensFor(question as ChoiceQuestion, 'student', ids);
  return gradeQuestion(question, 'student', question.type === 'single' ? t[0] : t);
};

describe('coverage gaps of chapter 4', () => {
  it('all quizzes load', () => expect(errors).toEqual([]));

  it('three families of activation functions: Swish/GELU are composite; the S-shaped ones saturate on both sides', () => {
    const fam = q('activation-functions-quiz', 'composite-family');
    expect(choose(fam, ['composite']).score).toBe(1);
    expect(choose(fam, ['ramp'])).toMatchObject({ score: 0 });
    expect(choose(fam, ['ramp']).message.zh).toContain('S 型门控');
    const members = q('activation-functions-quiz', 's-shaped-members');
    expect(choose(members, ['logistic', 'tanh', 'hard-tanh']).score).toBe(1);
    expect(choose(members, ['logistic', 'tanh', 'softplus']).score).toBeLessThan(1);
  });

  it('network = feature transform + classifier', () => {
    const f = q('feedforward-quiz', 'feature-transform-classifier');
    expect(choose(f, ['transform-then-classifier']).score).toBe(1);
    expect(choose(f, ['fixed-features']).score).toBe(0);
  });

  it('forward mode does not keep intermediate values (the notes say otherwise), with an explanation in both languages', () => {
    const f = q('autodiff-modes-quiz', 'forward-mode-memory');
    const right = choose(f, ['no-forward-streams']);
    expect(right.score).toBe(1);
    expect(right.explanation?.en).toMatch(/memory stays constant/);
    expect(right.explanation?.zh).toMatch(/内存不随计算图的深度增长/);
    expect(choose(f, ['yes-both']).score).toBe(0);
  });

  it('symbolic differentiation as a question of its own: d/dx x·σ(x), product rule enforced', () => {
    const s = q('autodiff-modes-quiz', 'symbolic-swish');
    expect(gradeQuestion(s, 'student', 'sigma(x) + x*sigma(x)*(1 - sigma(x))').score).toBe(1);
    expect(gradeQuestion(s, 'student', 'x*sigma(x)*(1 - sigma(x))').score).toBe(0);
    expect(gradeQuestion(s, 'student', 'sigma(x)*(1 - sigma(x))').score).toBe(0);
  });
});
