import katex from 'katex';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercises } from '../../../lib/content/loader';
import { renderMarkdown } from '../../../lib/render/markdown';
import {
  gradeQuestion,
  gradeQuizAnswer,
  instantiateQuiz,
  loadQuizzes,
  previewExpression,
  quizPoints,
  quizSeed,
  referenceAnswer,
  type QuestionView,
} from '../../../lib/quiz/index';
import { FIXTURE, quizFromYaml } from './fixtures';

const quiz = quizFromYaml(FIXTURE);

describe('instantiateQuiz', () => {
  const view = instantiateQuiz(quiz, 'alice', 'en');

  it('contains no answers, feedback, explanations, tolerances or undisplayed numbers', () => {
    const json = JSON.stringify(view);
    for (const key of ['"answer"', '"correct"', '"feedback"', '"explanation"', '"wrongAnswers"', '"tolerance"', '"params"', '"derived"', '"require"', '"fixed"']) {
      expect(json).not.toContain(key);
    }
    for (const secret of ['1 - tanh(x)^2', 'fprime(z_l) .* (W_next^T * delta_next)', 'Well chosen', 'logistic pattern', 'delta_l * a_prev^T']) {
      expect(json).not.toContain(secret);
    }
    const choice = view.questions.find((q) => q.id === 'pick-one') as Extract<QuestionView, { options: unknown }>;
    expect(choice.options.map((o) => o.id).some((id) => ['a', 'b', 'c', 'none'].includes(id))).toBe(false);
  });

  it('is stable per student, in the student’s language, with their numbers', () => {
    expect(instantiateQuiz(quiz, 'alice', 'en')).toEqual(view);
    const zh = instantiateQuiz(quiz, 'alice', 'zh');
    expect(zh.title).toBe('测试');
    const prompt = (v: typeof view) => v.questions.find((q) => q.id === 'weighted-sum')!.prompt;
    expect(prompt(view)).toMatch(/^Compute \$z = -?[\d.]+ \\cdot \d \+ -?[\d.]+\$\.$/);
    expect(prompt(zh)).toMatch(/^计算/);
    const others = new Set(Array.from({ length: 10 }, (_, i) => prompt(instantiateQuiz(quiz, `s${i}`, 'en'))));
    expect(others.size).toBeGreaterThan(3);
  });

  it('gives formula questions the names they may use, for the preview', () => {
    const q = view.questions.find((x) => x.id === 'error-term') as Extract<QuestionView, { context: unknown }>;
    expect(q.context).toEqual({
      symbols: [
        { name: 'z_l', tex: '\\mathbf{z}^{(l)}', shape: [3, 1] },
        { name: 'W_next', tex: 'W^{(l+1)}', shape: [4, 3] },
        { name: 'delta_next', tex: '\\delta^{(l+1)}', shape: [4, 1] },
      ],
      functions: [{ name: 'fprime', tex: "f_l'" }],
      dims: [
        { name: 'M_l', size: 3 },
        { name: 'M_next', size: 4 },
      ],
    });
    expect(previewExpression('W_nxt', q.context)).toEqual({ error: 'Unknown symbol `W_nxt` at column 1 — did you mean `W_next`?', column: 1, unreadable: true });
    const tanh = view.questions.find((x) => x.id === 'tanh-prime') as Extract<QuestionView, { context: unknown }>;
    expect(tanh.mustUse).toEqual(['tanh']);
  });
});

describe('gradeQuizAnswer', () => {
  it('grades what the page sent, in the student’s language, with points', () => {
    const view = instantiateQuiz(quiz, 'bob', 'zh');
    const choice = view.questions.find((q) => q.id === 'pick-one') as Extract<QuestionView, { options: unknown }>;
    const right = choice.options.find((o) => o.text === '甲')!.id;
    expect(gradeQuizAnswer(quiz, 'pick-one', 'bob', right, 'zh')).toMatchObject({ questionId: 'pick-one', score: 1, points: 1, maxPoints: 1, correct: true, message: '正确。选得好。' });
    expect(gradeQuizAnswer(quiz, 'error-term', 'bob', 'W_next * delta_next', 'en')).toMatchObject({ score: 0, points: 0, details: { error: { code: 'shapeMatmul', column: 1 } } });
  });

  it('matches the numbers the page showed', () => {
    const seed = quizSeed('bob', quiz.id);
    const q = quiz.questions.find((x) => x.id === 'weighted-sum')!;
    expect(gradeQuizAnswer(quiz, 'weighted-sum', 'bob', referenceAnswer(q, seed), 'en').score).toBe(1);
    expect(gradeQuizAnswer(quiz, 'weighted-sum', 'bob', referenceAnswer(q, 'bob'), 'en').score).toBe(gradeQuestion(q, seed, referenceAnswer(q, 'bob')).score);
  });

  it('never throws on an unknown question or a hostile answer', () => {
    expect(gradeQuizAnswer(quiz, '__proto__', 'bob', 'x', 'en')).toMatchObject({ score: 0, message: 'There is no question `__proto__` in this quiz.' });
    for (const answer of [undefined, null, {}, [], 'x'.repeat(100_000), { then: () => 1 }]) {
      for (const q of quiz.questions) expect(gradeQuizAnswer(quiz, q.id, 'bob', answer, 'en').score).toBe(0);
    }
  });

  it('adds up a quiz in gradebook points', () => {
    expect(quizPoints(quiz, {})).toBe(0);
    const all = Object.fromEntries(quiz.questions.map((q) => [q.id, 1]));
    expect(quizPoints(quiz, all)).toBeCloseTo(10, 12);
    expect(quizPoints(quiz, { 'pick-many': 0.5, 'tanh-prime': 7, constructor: 1 })).toBeCloseTo((10 * 1.5) / 8, 12);
  });
});

describe('the repository’s quizzes', () => {
  const root = path.join(process.cwd(), 'exercises');
  const { quizzes, errors } = loadQuizzes(root);

  it('load without errors and cover every section', () => {
    expect(errors).toEqual([]);
    expect(new Set(quizzes.map((q) => q.section))).toEqual(new Set(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6']));
  });

  it('have ids that no exercise uses', () => {
    const exerciseIds = new Set(loadExercises(root).exercises.map((e) => e.id));
    for (const q of quizzes) expect(exerciseIds.has(q.id)).toBe(false);
  });

  it('every reference answer scores 1 for several students', () => {
    for (const quiz of quizzes) {
      for (const q of quiz.questions) {
        for (const student of ['ann', 'ben', 'chen']) {
          const seed = quizSeed(student, quiz.id);
          const g = gradeQuestion(q, seed, referenceAnswer(q, seed));
          expect(g.score, `${quiz.id}/${q.id} for ${student}: ${g.message.en}`).toBe(1);
        }
      }
    }
  });

  it('every page renders: Markdown and KaTeX in both languages', () => {
    for (const quiz of quizzes) {
      for (const locale of ['en', 'zh'] as const) {
        const view = instantiateQuiz(quiz, 'ann', locale);
        for (const q of view.questions) {
          const texts = [q.prompt, ...('options' in q ? q.options.map((o) => o.text) : [])];
          for (const text of texts) {
            expect(renderMarkdown(text)).not.toContain('katex-error');
            for (const m of text.matchAll(/\$\$([\s\S]+?)\$\$|\$((?:\\.|[^\\$\n])+?)\$/g)) {
              expect(() => katex.renderToString(m[1] ?? m[2]!, { throwOnError: true, strict: 'ignore' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
