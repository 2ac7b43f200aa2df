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
}

export interface QuizAttemptDTO extends QuizAttemptSummaryDTO {
  quizId: string;
  answers: Record<string, QuizAnswer>;
  results: QuizQuestionResultDTO[];
}

export interface QuizProgressDTO {
  bestScore: number;
  attempts: number;
  lastAt: number;
}
