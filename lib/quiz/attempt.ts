import { messages } from '../i18n/catalog';
import type { LocalizedText } from './expr';
import { gradeQuestion, type GradeDetails } from './grade';
import { quizSeed } from './instantiate';
import { say } from './messages';
import type { QuizFile } from './schema';

/**
 * A whole attempt graded at once: what a student's submission stores, and what a regrade after a
 * key change stores beside it. One function for both, so a regrade grades exactly as the
 * submission did, only against the quiz as it is now.
 */

export type StoredAnswer = string | string[];

/** One question's verdict as stored in result_json, with its texts in both languages. */
export interface StoredQuestionResult {
  questionId: string;
  score: number;
  points: number;
  maxPoints: number;
  correct: boolean;
  answered: boolean;
  message: LocalizedText;
  explanation?: LocalizedText;
  details?: GradeDetails;
}

export interface GradedAttempt {
  questions: StoredQuestionResult[];
  points: number;
  maxPoints: number;
  /** points / maxPoints, in [0, 1]. */
  score: number;
}

function isBlank(answer: StoredAnswer | undefined): boolean {
  return answer === undefined || (typeof answer === 'string' ? answer.trim() === '' : answer.length === 0);
}

/**
 * Grades every question of `quiz` for the student whose seed is `studentSeed` (their user id);
 * unanswered questions score 0. Never throws for a student's answer: a question that cannot be
 * graded (a content bug) scores 0 as broken and is handed to `onError`.
 */
export function gradeAttempt(
  quiz: QuizFile & { id: string },
  studentSeed: string,
  answers: Readonly<Record<string, StoredAnswer>>,
  onError: (questionId: string, err: unknown) => void = () => undefined,
): GradedAttempt {
  const seed = quizSeed(studentSeed, quiz.id);
  const notAnswered = { en: messages('en').quiz.notAnswered, zh: messages('zh').quiz.notAnswered };
  const questions: StoredQuestionResult[] = quiz.questions.map((q) => {
    const answer = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    if (isBlank(answer)) return { questionId: q.id, score: 0, points: 0, maxPoints: q.points, correct: false, answered: false, message: notAnswered };
    let grade;
    try {
      grade = gradeQuestion(q, seed, answer);
    } catch (err) {
      onError(q.id, err);
      grade = { score: 0, correct: false, message: say('brokenQuestion'), details: { type: q.type, broken: true } as GradeDetails };
    }
    return {
      questionId: q.id,
      score: grade.score,
      points: grade.score * q.points,
      maxPoints: q.points,
      correct: grade.correct,
      answered: true,
      message: grade.message,
      ...(grade.explanation ? { explanation: grade.explanation } : {}),
      details: grade.details,
    };
  });
  const points = questions.reduce((s, r) => s + r.points, 0);
  const maxPoints = questions.reduce((s, r) => s + r.maxPoints, 0);
  return { questions, points, maxPoints, score: maxPoints > 0 ? points / maxPoints : 0 };
}
