import 'server-only';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import type { Locale } from '../i18n/catalog';
import { getQuizCatalog } from '../quiz';
import type { StoredAnswer, StoredQuestionResult } from '../quiz/attempt';
import { renderMarkdown } from '../render/markdown';
import { requireStaffOffering } from './access';
import { requireStaffQuiz } from './quiz-access';
import { readAnswer, studentQuizSeed } from './quiz-answers';

/**
 * Per-question statistics of a quiz in the offering, from every attempt's stored answers and
 * verdicts (after a regrade, the newest regrade's verdicts): how often it was answered, the mean
 * score, and the wrong answers given most often. Answers are normalised before they are counted
 * (option tokens become the author's option ids, numbers their value, formulas lose their spaces),
 * so the same mistake made by students with different option orders counts as one.
 */

export interface WrongAnswerCount {
  key: string;
  /** How it reads, in the viewer's language (the first student's form of it). */
  html: string;
  count: number;
}

export interface QuestionStats {
  id: string;
  number: number;
  type: string;
  promptHtml: string;
  /** Attempts that answered this question. */
  answered: number;
  /** Attempts in total (unanswered questions score 0 in them). */
  attempts: number;
  /** Mean score in [0, 1] over the attempts that answered it, or null. */
  meanScore: number | null;
  correct: number;
  wrong: WrongAnswerCount[];
}

export interface QuizStats {
  quizId: string;
  title: string;
  attempts: number;
  students: number;
  questions: QuestionStats[];
}

const TOP_WRONG = 5;

export async function quizStats(viewer: Viewer | null, quizId: string, locale: Locale): Promise<QuizStats> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const quiz = requireStaffQuiz(quizId);
  const db = await getDb();
  const attempts = await db.selectFrom('quiz_attempt').select(['id', 'user_id', 'answers_json', 'result_json']).where('offering_id', '=', offeringId).where('quiz_id', '=', quiz.id).execute();
  const newest = new Map<string, string>();
  if (attempts.length > 0) {
    const regrades = await db
      .selectFrom('quiz_regrade as g')
      .innerJoin('quiz_attempt as a', 'a.id', 'g.attempt_id')
      .select(['g.attempt_id', 'g.result_json'])
      .where('a.offering_id', '=', offeringId)
      .where('a.quiz_id', '=', quiz.id)
      .orderBy('g.created_at', 'asc')
      .orderBy('g.id', 'asc')
      .execute();
    for (const g of regrades) newest.set(g.attempt_id, g.result_json);
  }

  const stats = quiz.questions.map(
    (q, i): QuestionStats & { sum: number; tally: Map<string, WrongAnswerCount> } => ({
      id: q.id,
      number: i + 1,
      type: q.type,
      promptHtml: renderMarkdown(q.prompt[locale]),
      answered: 0,
      attempts: attempts.length,
      meanScore: null,
      correct: 0,
      wrong: [],
      sum: 0,
      tally: new Map(),
    }),
  );
  for (const a of attempts) {
    const answers = JSON.parse(a.answers_json) as Record<string, StoredAnswer>;
    const results = (JSON.parse(newest.get(a.id) ?? a.result_json) as { questions: StoredQuestionResult[] }).questions;
    const seed = studentQuizSeed(a.user_id, quiz.id);
    quiz.questions.forEach((q, i) => {
      const r = results.find((x) => x.questionId === q.id);
      const s = stats[i]!;
      if (!r?.answered) return;
      s.answered++;
      s.sum += r.score;
      if (r.correct) {
        s.correct++;
        return;
      }
      const read = readAnswer(q, seed, Object.hasOwn(answers, q.id) ? answers[q.id] : undefined, locale);
      if (!read) return;
      const entry = s.tally.get(read.key) ?? { key: read.key, html: read.html, count: 0 };
      entry.count++;
      s.tally.set(read.key, entry);
    });
  }
  return {
    quizId: quiz.id,
    title: quiz.title[locale],
    attempts: attempts.length,
    students: new Set(attempts.map((a) => a.user_id)).size,
    questions: stats.map(({ sum, tally, ...s }) => ({
      ...s,
      meanScore: s.answered > 0 ? sum / s.answered : null,
      wrong: [...tally.values()].sort((x, y) => y.count - x.count || x.key.localeCompare(y.key)).slice(0, TOP_WRONG),
    })),
  };
}

export interface QuizOverviewRow {
  id: string;
  title: string;
  section: string;
  attempts: number;
  students: number;
}

/** Every quiz staff can see (drafts and held-back ones too) with its attempts in the offering. */
export async function quizOverview(viewer: Viewer | null, locale: Locale): Promise<QuizOverviewRow[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const counts = await db
    .selectFrom('quiz_attempt')
    .select((eb) => ['quiz_id', eb.fn.countAll<number>().as('attempts'), eb.fn.count<number>('user_id').distinct().as('students')])
    .where('offering_id', '=', offeringId)
    .groupBy('quiz_id')
    .execute();
  const byId = new Map(counts.map((c) => [c.quiz_id, c]));
  return getQuizCatalog().all.map((q) => ({
    id: q.id,
    title: q.title[locale],
    section: q.section,
    attempts: Number(byId.get(q.id)?.attempts ?? 0),
    students: Number(byId.get(q.id)?.students ?? 0),
  }));
}
