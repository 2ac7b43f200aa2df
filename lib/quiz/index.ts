/**
 * Quizzes graded on the server, like code: load the quiz files, show a student their instance,
 * grade their answers. `previewExpression` (for the answer box) lives in lib/quiz/expr, which has
 * no Node imports; client components should import it from there, not from this file.
 */
import { compiled } from './compile';
import { compile, evaluate, formulaProblem, numberProblem, parse, pick, scalarOf, toSource, type Locale, type ReadProblem } from './expr';
import { gradeQuestion, type GradeDetails } from './grade';
import { quizSeed } from './instantiate';
import { say } from './messages';
import { tokensFor } from './options';
import { drawParams } from './params';
import type { Question, QuizFile } from './schema';

export { getQuizCatalog, loadQuizFile, loadQuizzes, QUIZ_FILE, type ContentError, type Quiz } from './loader';
export { formulaContext, instantiateQuestion, instantiateQuiz, quizSeed, type QuestionView, type QuizView } from './instantiate';
export { gradeQuestion, type GradeDetails, type QuestionGrade } from './grade';
export { presentOptions, tokensFor } from './options';
export { previewExpression, type ExprContext, type Locale, type LocalizedText, type PreviewResult, type ReadProblem } from './expr';
export { Question, QuizFile, Text } from './schema';
export { checkQuiz } from './check';
export { quizJsonSchema } from './json-schema';

/**
 * Why an answer cannot be read at all — a syntax error, a decimal comma, an unknown name — or
 * undefined when it can. Such an answer is not graded: the site refuses the attempt and asks for a
 * fix. Readable answers with mathematical mistakes (a wrong shape, 1/0) are graded as usual. The
 * page runs the same check in the browser (numberProblem, previewExpression's `unreadable`).
 */
export function unreadableAnswer(q: Question, answer: unknown): ReadProblem | undefined {
  if (typeof answer !== 'string' || answer.trim() === '') return undefined;
  if (q.type === 'numeric') return numberProblem(answer);
  if (q.type === 'expression' || q.type === 'matrix') return formulaProblem(answer, compiled(q).studentScope);
  return undefined;
}

/** One graded answer, in the student's language: what a server action returns. */
export interface QuizAnswerGrade {
  questionId: string;
  /** In [0, 1]. */
  score: number;
  /** score × the question's points. */
  points: number;
  maxPoints: number;
  correct: boolean;
  /** Markdown (may contain `code` and $math$). */
  message: string;
  /** The author's explanation; the page decides when to show it. */
  explanation?: string;
  details: GradeDetails;
}

/**
 * Grades a student's answer to one question of a quiz. `seed` is the student's stable id (the one
 * given to instantiateQuiz); `answer` is whatever the browser sent: option tokens for choice
 * questions, a number or text for numeric ones, a formula for the others. Never throws: an
 * unexpected failure scores 0 as a broken question and is handed to `onError` for the logs.
 */
export function gradeQuizAnswer(
  quiz: QuizFile,
  questionId: string,
  seed: string,
  answer: unknown,
  locale: Locale,
  options: { onError?: (err: unknown) => void } = {},
): QuizAnswerGrade {
  const q = quiz.questions.find((x) => x.id === questionId);
  if (!q) {
    const id = String(questionId).slice(0, 64);
    return { questionId: id, score: 0, points: 0, maxPoints: 0, correct: false, message: pick(say('unknownQuestion', { id }), locale), details: { type: 'single', invalid: true } };
  }
  let grade;
  try {
    grade = gradeQuestion(q, quizSeed(seed, quiz.id), answer);
  } catch (err) {
    options.onError?.(err);
    grade = { score: 0, correct: false, message: say('brokenQuestion'), details: { type: q.type, broken: true } };
  }
  return {
    questionId: q.id,
    score: grade.score,
    points: grade.score * q.points,
    maxPoints: q.points,
    correct: grade.correct,
    message: pick(grade.message, locale),
    ...(grade.explanation ? { explanation: pick(grade.explanation, locale) } : {}),
    details: grade.details,
  };
}

/** The quiz's score in gradebook points, from per-question scores in [0, 1] (missing ones count 0). */
export function quizPoints(quiz: QuizFile, scores: Readonly<Record<string, number>>): number {
  const total = quiz.questions.reduce((sum, q) => sum + q.points, 0);
  const earned = quiz.questions.reduce((sum, q) => {
    const s = Object.hasOwn(scores, q.id) ? scores[q.id]! : 0;
    return sum + q.points * Math.min(1, Math.max(0, Number.isFinite(s) ? s : 0));
  }, 0);
  return total > 0 ? (quiz.points * earned) / total : 0;
}

/**
 * The answer that must score 1, as this student would submit it: option tokens, the number, or
 * the reference formula with this student's params written as numbers. For validation, tests and
 * staff tools; never send it to a student. `seed` is scoped as in gradeQuestion.
 */
export function referenceAnswer(q: Question, seed: string): string | string[] {
  switch (q.type) {
    case 'single':
      return tokensFor(q, seed, [q.correct])[0]!;
    case 'multiple':
      return tokensFor(q, seed, q.correct);
    case 'numeric':
      return numericAnswer(q, seed, typeof q.answer === 'number' ? String(q.answer) : q.answer);
    case 'expression':
    case 'matrix':
      return studentForm(q, seed, q.answer);
  }
}

/** An author's formula (over params and derived values) as this student would type it. */
export function studentForm(q: Question, seed: string, source: string): string {
  const params = drawParams(q, seed);
  return params.size === 0 ? source : toSource(parse(source), params);
}

/** An author's numeric formula (over params and derived values) evaluated for this student, in full precision. */
export function numericAnswer(q: Question, seed: string, source: string): string {
  const { ast } = compile(source, compiled(q).authorScope);
  const value = scalarOf(evaluate(ast, source, { values: drawParams(q, seed), functions: new Map(), dims: new Map() }));
  if (value === undefined) throw new Error(`question ${q.id}: "${source}" is not a number`);
  return String(value);
}
