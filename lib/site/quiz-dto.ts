import type { ExprContext } from '../quiz/expr';

/**
 * What the browser sees of a quiz and of a student's attempts: texts already rendered to HTML in
 * the viewer's language, options under opaque tokens, no answers and no catalogued mistakes.
 */

export type QuizAnswer = string | string[];

export interface QuizSymbolDTO {
  name: string;
  /** KaTeX HTML of the symbol as the book writes it. */
  html: string;
  /** e.g. "M_l × 1 = 3×1", or "" for a scalar variable. */
  shape: string;
}

export interface QuizQuestionDTO {
  id: string;
  type: 'single' | 'multiple' | 'numeric' | 'expression' | 'matrix';
  points: number;
  promptHtml: string;
  /** `label`: the option in plain text ("tanh(x)") when it holds mathematics: its accessible name. */
  options?: { id: string; html: string; label?: string }[];
  unitHtml?: string;
  /** Formula questions: the names for the live preview (see previewExpression). */
  context?: ExprContext;
  symbols?: QuizSymbolDTO[];
  dims?: { name: string; size: number }[];
  functions?: string[];
  mustUse?: string[];
}

export interface QuizPageDTO {
  id: string;
  title: string;
  sectionId: string;
  sectionTitle: string;
  points: number;
  version: string;
  summaryHtml: string | null;
  questions: QuizQuestionDTO[];
}

export interface QuizQuestionResultDTO {
  questionId: string;
  score: number;
  points: number;
  maxPoints: number;
  correct: boolean;
  answered: boolean;
  messageHtml: string;
  /** Shown once the question is answered correctly: before that it would give the answer away. */
  explanationHtml?: string;
}

export interface QuizAttemptSummaryDTO {
  id: string;
  createdAt: number;
  score: number;
  points: number;
  maxPoints: number;
  /** Recorded after the due date: the factor its score counts with (lib/db/scores.ts). */
  late?: { factor: number };
  /**
   * The score the attempt counts with now (lib/db/quiz-scores.ts): an override by staff, else a
   * regrade's or the grading's score, times the late factor. `score` stays what the grading gave.
   */
  countedScore?: number;
  /** Staff set this attempt's score, with their reason. */
  override?: { score: number; reason: string };
  /** Regraded after the quiz's key changed. */
  regraded?: boolean;
}

export interface QuizAttemptDTO extends QuizAttemptSummaryDTO {
  quizId: string;
  answers: Record<string, QuizAnswer>;
  results: QuizQuestionResultDTO[];
}

/** One quiz as it counts for the viewer: the same number the gradebook shows staff. */
export interface QuizProgressDTO {
  bestScore: number;
  attempts: number;
  /** Null when staff set the score for the whole quiz and there is no attempt. */
  lastAt: number | null;
  lateAttempts?: number;
  /** Staff set the score for the whole quiz. */
  overridden?: boolean;
}
