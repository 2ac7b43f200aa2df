import 'server-only';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { loadItemOverrides, type ItemOverrideEntry } from '../db/item-overrides';
import { countedQuizProgress, loadScoredQuizAttempts } from '../db/quiz-scores';
import type { Locale } from '../i18n/catalog';
import type { StoredAnswer, StoredQuestionResult } from '../quiz/attempt';
import { pick } from '../quiz/expr';
import { renderInline, renderMarkdown } from '../render/markdown';
import { AccessError } from '../site/errors';
import { requireStaffOffering } from './access';
import { requireStaffQuiz, studentOfOffering } from './quiz-access';
import { promptFor, readAnswer, readReference, studentQuizSeed } from './quiz-answers';
import { quizOverrideAudit, type QuizAuditEntry } from './quiz-overrides';

/**
 * One student's attempts at one quiz as course staff review them: what they answered, each
 * question's verdict and feedback as the student saw it (and after a regrade), the correct
 * answer for their numbers, and what counts now.
 */

export interface ReviewedVerdict {
  score: number;
  points: number;
  maxPoints: number;
  correct: boolean;
  answered: boolean;
  messageHtml: string;
  explanationHtml: string | null;
}

export interface ReviewedQuizQuestion {
  id: string;
  /** 1-based, in the order of the quiz as it is now; stored questions the quiz no longer has follow. */
  number: number;
  /** Null when the quiz no longer has this question. */
  promptHtml: string | null;
  answerHtml: string | null;
  referenceHtml: string | null;
  original: ReviewedVerdict | null;
  regrade: ReviewedVerdict | null;
}

export interface ReviewedQuizAttempt {
  id: string;
  /** 1 for the first attempt. */
  number: number;
  createdAt: number;
  quizVersion: string;
  locale: string;
  originalScore: number;
  originalPoints: number;
  maxPoints: number;
  regrade: { score: number; version: string; at: number } | null;
  score: number;
  source: 'original' | 'regrade' | 'override';
  overrides: QuizAuditEntry[];
  questions: ReviewedQuizQuestion[];
}

export interface QuizReview {
  student: { id: string; name: string; email: string };
  quizId: string;
  quizTitle: string;
  quizVersion: string;
  points: number;
  /** The quiz's counted score for this student (item override, else best counted attempt). */
  counted: number | null;
  bestAttemptScore: number | null;
  itemOverride: { score: number; reason: string; by: string; at: number } | null;
  /** Every per-student override row for this quiz, newest first (null score: removed). */
  itemOverrideHistory: ItemOverrideEntry[];
  /** Newest first. */
  attempts: ReviewedQuizAttempt[];
}

function verdict(r: StoredQuestionResult | undefined, locale: Locale): ReviewedVerdict | null {
  if (!r) return null;
  return {
    score: r.score,
    points: r.points,
    maxPoints: r.maxPoints,
    correct: r.correct,
    answered: r.answered,
    messageHtml: renderInline(pick(r.message, locale)),
    explanationHtml: r.explanation ? renderInline(pick(r.explanation, locale)) : null,
  };
}

function storedQuestions(json: string | undefined): StoredQuestionResult[] {
  if (!json) return [];
  try {
    return (JSON.parse(json) as { questions?: StoredQuestionResult[] }).questions ?? [];
  } catch {
    return [];
  }
}

export async function reviewQuiz(viewer: Viewer | null, studentId: string, quizId: string, locale: Locale): Promise<QuizReview> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const quiz = requireStaffQuiz(quizId);
  const db = await getDb();
  const student = await studentOfOffering(db, offeringId, studentId);
  if (!student) throw new AccessError(404, 'no such student');

  const [rows, scored, [progress], history, audit] = await Promise.all([
    db.selectFrom('quiz_attempt').select(['id', 'answers_json', 'result_json', 'locale', 'points', 'max_points']).where('offering_id', '=', offeringId).where('user_id', '=', studentId).where('quiz_id', '=', quiz.id).execute(),
    loadScoredQuizAttempts(db, { offeringId, userIds: [studentId], quizId: quiz.id }),
    countedQuizProgress(db, { offeringId, userIds: [studentId], quizId: quiz.id }),
    loadItemOverrides(db, { offeringId, itemKind: 'quiz', itemId: quiz.id, userIds: [studentId] }),
    quizOverrideAudit(viewer, { studentId, quizId: quiz.id, limit: 10_000 }),
  ]);
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  // The newest regrade's verdicts, read once for every attempt that has one.
  const regradeRows = scored.some((s) => s.regrade)
    ? await db.selectFrom('quiz_regrade').select(['attempt_id', 'result_json', 'created_at', 'id']).where('attempt_id', 'in', scored.filter((s) => s.regrade).map((s) => s.id)).orderBy('created_at', 'asc').orderBy('id', 'asc').execute()
    : [];
  const regradeJson = new Map(regradeRows.map((r) => [r.attempt_id, r.result_json]));
  const seed = studentQuizSeed(studentId, quiz.id);

  const attempts = scored.map((s, i): ReviewedQuizAttempt => {
    const row = rowOf.get(s.id)!;
    const answers = JSON.parse(row.answers_json) as Record<string, StoredAnswer>;
    const original = storedQuestions(row.result_json);
    const regraded = storedQuestions(regradeJson.get(s.id));
    const ids = [...quiz.questions.map((q) => q.id), ...original.map((r) => r.questionId).filter((id) => !quiz.questions.some((q) => q.id === id))];
    return {
      id: s.id,
      number: i + 1,
      createdAt: s.createdAt,
      quizVersion: s.quizVersion,
      locale: row.locale,
      originalScore: s.originalScore,
      originalPoints: Number(row.points),
      maxPoints: Number(row.max_points),
      regrade: s.regrade ? { score: s.regrade.score, version: s.regrade.version, at: s.regrade.at } : null,
      score: s.score,
      source: s.source,
      overrides: audit.filter((a) => a.attemptId === s.id),
      questions: ids.map((id, k) => {
        const q = quiz.questions.find((x) => x.id === id);
        const answer = Object.hasOwn(answers, id) ? answers[id] : undefined;
        return {
          id,
          number: k + 1,
          promptHtml: q ? renderMarkdown(promptFor(quiz, q, studentId, locale)) : null,
          answerHtml: q ? (readAnswer(q, seed, answer, locale)?.html ?? null) : answer === undefined ? null : `<code>${JSON.stringify(answer).replace(/[&<>]/g, '')}</code>`,
          referenceHtml: q ? readReference(q, seed, locale) : null,
          original: verdict(original.find((r) => r.questionId === id), locale),
          regrade: verdict(regraded.find((r) => r.questionId === id), locale),
        };
      }),
    };
  });

  return {
    student,
    quizId: quiz.id,
    quizTitle: quiz.title[locale],
    quizVersion: quiz.version,
    points: quiz.points,
    counted: progress?.bestScore ?? null,
    bestAttemptScore: progress?.bestAttemptScore ?? null,
    itemOverride: progress?.itemOverride ?? null,
    itemOverrideHistory: [...history].reverse(),
    attempts: attempts.reverse(),
  };
}
