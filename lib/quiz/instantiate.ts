import { compiled } from './compile';
import { pick, type ExprContext, type Locale } from './expr';
import { presentOptions } from './options';
import { drawParams, interpolate } from './params';
import type { Question, QuizFile } from './schema';

/**
 * What a page shows for a quiz: texts in one language with this student's numbers filled in,
 * options in this student's order under opaque tokens. Built field by field from an allow-list, so
 * no answer, tolerance, feedback, explanation, catalogued mistake or undisplayed parameter can
 * leak into it; it is safe to send to a browser.
 */
export interface QuizView {
  kind: 'quiz';
  id: string;
  version?: string;
  title: string;
  section: QuizFile['section'];
  points: number;
  order: number;
  summary?: string;
  tags: string[];
  questions: QuestionView[];
}

interface QuestionViewBase {
  id: string;
  points: number;
  /** Markdown with KaTeX math; render with lib/render/markdown. */
  prompt: string;
}

export type QuestionView =
  | (QuestionViewBase & { type: 'single' | 'multiple'; options: { id: string; text: string }[] })
  | (QuestionViewBase & { type: 'numeric'; unit?: string })
  | (QuestionViewBase & { type: 'expression' | 'matrix'; context: ExprContext; mustUse?: string[] });

export function instantiateQuestion(q: Question, seed: string, locale: Locale): QuestionView {
  const params = drawParams(q, seed);
  const text = (t: { en: string; zh: string }) => interpolate(pick(t, locale), params);
  const base: QuestionViewBase = { id: q.id, points: q.points, prompt: text(q.prompt) };
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { ...base, type: q.type, options: presentOptions(q, seed).map((p) => ({ id: p.token, text: text(p.option.text) })) };
    case 'numeric':
      return q.unit ? { ...base, type: q.type, unit: text(q.unit) } : { ...base, type: q.type };
    case 'expression':
    case 'matrix': {
      const view = { ...base, type: q.type, context: formulaContext(q) };
      return q.mustUse.length > 0 ? { ...view, mustUse: [...q.mustUse] } : view;
    }
  }
}

/** The names a formula answer may use, for the editor's preview (see previewExpression). */
export function formulaContext(q: Question): ExprContext {
  if (q.type !== 'expression' && q.type !== 'matrix') return {};
  const functions = Object.entries(q.functions).map(([name, f]) => (f.tex ? { name, tex: f.tex } : { name }));
  if (q.type === 'expression') {
    const symbols = Object.entries(q.variables).map(([name, v]) => (v.tex ? { name, tex: v.tex } : { name }));
    return { symbols, functions };
  }
  const scope = compiled(q).studentScope;
  const symbols = Object.entries(q.symbols).map(([name, s]) => {
    const shape = scope.symbols.get(name)!;
    return { name, ...(s.tex ? { tex: s.tex } : {}), shape: [shape.rows, shape.cols] as [number, number] };
  });
  const dims = Object.entries(q.dims).map(([name, size]) => ({ name, size }));
  return { symbols, functions, dims };
}

export function instantiateQuiz(quiz: QuizFile & { version?: string }, seed: string, locale: Locale): QuizView {
  return {
    kind: 'quiz',
    id: quiz.id,
    ...(quiz.version ? { version: quiz.version } : {}),
    title: pick(quiz.title, locale),
    section: quiz.section,
    points: quiz.points,
    order: quiz.order,
    ...(quiz.summary ? { summary: pick(quiz.summary, locale) } : {}),
    tags: [...quiz.tags],
    questions: quiz.questions.map((q) => instantiateQuestion(q, quizSeed(seed, quiz.id), locale)),
  };
}

/** Scopes a student's seed to one quiz, so two quizzes never share draws. */
export function quizSeed(studentSeed: string, quizId: string): string {
  return `${studentSeed}\u0000${quizId}`;
}
