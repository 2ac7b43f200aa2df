import 'server-only';
import { z } from 'zod';
import { canReadWorkOf, isCourseStaff, type Viewer } from '../auth/roles';
import { sectionById } from '../content/sections';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { countQuizAttemptsSince, findOwnQuizAttempt, findQuizAttempt, insertQuizAttempt, listQuizAttempts, type QuizAttemptRow } from '../db/quizzes';
import { countedQuizProgress, loadScoredQuizAttempts, quizScoreUnder } from '../db/quiz-scores';
import { loadOfferingWindows } from '../db/windows';
import { countedScore } from '../db/scores';
import { markQuizAttemptLate } from '../db/deadlines';
import { queueQuizScore } from '../lti/ags';
import { admitWork, claimAttempt } from './item-dates';
import { messages, type Locale } from '../i18n/catalog';
import { getQuizCatalog, instantiateQuiz, unreadableAnswer, type Quiz } from '../quiz';
import { gradeAttempt, type StoredQuestionResult } from '../quiz/attempt';
import { pick } from '../quiz/expr';
import type { Question } from '../quiz/schema';
import { renderInline, renderMarkdown, renderMath } from '../render/markdown';
import { AccessError } from './errors';
import { notSentMessage } from './quiz-text';
import { textAlternative } from './quiz-text-alternative';
import type { QuizAnswer, QuizAttemptDTO, QuizAttemptSummaryDTO, QuizPageDTO, QuizProgressDTO, QuizQuestionDTO, QuizQuestionResultDTO } from './quiz-dto';

/**
 * The data access layer for quizzes: every function takes the viewer, checks what they may do and
 * returns DTOs in the viewer's language. Route handlers and pages call only these.
 */

/** The seed of viewers who are not signed in: they may read a quiz, with some student's numbers. */
const ANONYMOUS_SEED = 'anonymous';

/** Bounds on what a submission may hold; the expression language stops at 500 characters anyway. */
export const MAX_ANSWER_CHARS = 500;
const MAX_CHOICES = 40;
const MAX_QUESTIONS = 40;
const OPTION_TOKEN = /^[A-Za-z0-9]{1,64}$/;
/** Resubmitting is allowed, but a script looping on the endpoint must not fill the table. */
export const MAX_ATTEMPTS_PER_MINUTE = 20;
/** The body of a submission, before it is parsed at all. */
export const MAX_SUBMISSION_BYTES = 64 * 1024;

const Answer = z.union([z.string().max(MAX_ANSWER_CHARS), z.array(z.string().max(64)).max(MAX_CHOICES)]);
export const QuizSubmitInput = z
  .object({
    answers: z
      .record(z.string().max(200), Answer)
      .refine((a) => Object.keys(a).length <= MAX_QUESTIONS, `at most ${MAX_QUESTIONS} answers`),
  })
  .strict();

/** One answer that cannot be read, as the refusal names it (message in the viewer's language). */
export interface UnreadableAnswerDTO {
  questionId: string;
  /** 1-based number of the question on the page. */
  number: number;
  message: string;
  column?: number;
}

/**
 * A submission refused because some answers cannot be read: nothing is recorded, no attempt is
 * spent, and the page marks each listed question "fix this answer".
 */
export class UnreadableAnswersError extends AccessError {
  constructor(
    message: string,
    readonly unreadable: UnreadableAnswerDTO[],
  ) {
    super(400, message);
  }
}

function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AccessError(401, 'sign in first');
  return viewer;
}

function requireQuiz(id: string): Quiz {
  const quiz = getQuizCatalog().byId.get(id);
  if (!quiz) throw new AccessError(404, 'no such quiz');
  return quiz;
}

export function listQuizzes(): readonly Quiz[] {
  return getQuizCatalog().quizzes;
}

/** The quiz's title in this language (page metadata), without rendering the questions. */
export function quizTitle(id: string, locale: Locale): string | undefined {
  return getQuizCatalog().byId.get(id)?.title[locale];
}

/** A quiz as this viewer sees it: their numbers, their option order, their language. */
export function getQuizPage(viewer: Viewer | null, id: string, locale: Locale): QuizPageDTO | undefined {
  const quiz = getQuizCatalog().byId.get(id);
  if (!quiz) return undefined;
  const view = instantiateQuiz(quiz, viewer?.id ?? ANONYMOUS_SEED, locale);
  const section = sectionById(quiz.section);
  return {
    id: quiz.id,
    title: view.title,
    sectionId: quiz.section,
    sectionTitle: section ? section.title[locale] : quiz.section,
    points: quiz.points,
    version: quiz.version,
    summaryHtml: view.summary ? renderInline(view.summary) : null,
    questions: view.questions.map((qv, i): QuizQuestionDTO => {
      const q = quiz.questions[i]!;
      const base = { id: qv.id, type: qv.type, points: qv.points, promptHtml: renderMarkdown(qv.prompt) };
      if ('options' in qv) {
        // Options that are mathematics get a text form as their accessible name (KaTeX's MathML
        // gives none that every screen reader reads).
        return { ...base, options: qv.options.map((o) => ({ id: o.id, html: renderInline(o.text), ...withLabel(textAlternative(o.text)) })) };
      }
      if (!('context' in qv)) return qv.unit ? { ...base, unitHtml: renderInline(qv.unit) } : base;
      return {
        ...base,
        context: qv.context,
        symbols: symbolsOf(q),
        dims: qv.context.dims ?? [],
        functions: (qv.context.functions ?? []).map((f) => f.name),
        ...(qv.mustUse ? { mustUse: qv.mustUse } : {}),
      };
    }),
  };
}

function withLabel(label: string | undefined): { label?: string } {
  return label ? { label } : {};
}

/** The declared symbols with their LaTeX and, for matrices, their shape in dims and in numbers. */
function symbolsOf(q: Question): QuizQuestionDTO['symbols'] {
  const tex = (name: string, t?: string) => renderMath(t ?? name.replace(/_/g, '\\_'), false);
  if (q.type === 'expression') return Object.entries(q.variables).map(([name, v]) => ({ name, html: tex(name, v.tex), shape: '' }));
  if (q.type !== 'matrix') return [];
  return Object.entries(q.symbols).map(([name, s]) => {
    const size = (d: string | number) => (typeof d === 'number' ? d : q.dims[d]!);
    const rows = size(s.shape[0]);
    const cols = size(s.shape[1]);
    const named = `${s.shape[0]}×${s.shape[1]}`;
    const numbers = `${rows}×${cols}`;
    return { name, html: tex(name, s.tex), shape: named === numbers ? numbers : `${named} = ${numbers}` };
  });
}

/**
 * Grades a whole quiz and records it, unanswered questions scoring 0. Answers of the wrong form
 * (a list for a numeric question, a question the quiz does not have) are refused with 400 before
 * anything is stored, and so are answers that cannot be read ("1/", "0,25": UnreadableAnswersError,
 * in the viewer's language); readable answers are graded, however wrong.
 */
export async function submitQuiz(viewer: Viewer | null, quizId: string, input: unknown, opts: { locale: Locale }): Promise<QuizAttemptDTO> {
  const who = requireViewer(viewer);
  const quiz = requireQuiz(quizId);
  // JSON.parse makes "__proto__" an own key; a parsed record would silently drop it. Check the raw keys.
  const rawAnswers = (input as { answers?: unknown } | null)?.answers;
  if (rawAnswers && typeof rawAnswers === 'object' && !Array.isArray(rawAnswers)) {
    const unknown = Object.keys(rawAnswers).find((k) => !quiz.questions.some((q) => q.id === k));
    if (unknown !== undefined) throw new AccessError(400, `invalid answers: the quiz has no question "${unknown.slice(0, 64)}"`);
  }
  const parsed = QuizSubmitInput.safeParse(input);
  if (!parsed.success) throw new AccessError(400, `invalid answers: ${describeIssue(parsed.error.issues[0])}`);
  const answers = parsed.data.answers;
  for (const [id, answer] of Object.entries(answers)) {
    const q = quiz.questions.find((x) => x.id === id);
    if (!q) throw new AccessError(400, `invalid answers: the quiz has no question "${id}"`);
    const wantsList = q.type === 'multiple';
    if (Array.isArray(answer) !== wantsList) throw new AccessError(400, `invalid answers: question "${id}" takes ${wantsList ? 'a list of option ids' : 'one string'}`);
    // Option ids are opaque tokens of letters and digits. Anything else is not a choice, and the
    // grader would quote it back inside Markdown, where backticks and brackets could make a link.
    if ((q.type === 'single' || q.type === 'multiple') && !(Array.isArray(answer) ? answer : [answer]).every((a) => a === '' || OPTION_TOKEN.test(a))) {
      throw new AccessError(400, `invalid answers: question "${id}" takes option ids (letters and digits)`);
    }
  }

  // An answer that cannot be read is not a wrong answer: refuse the whole attempt before anything
  // is stored or counted, so the student fixes it and loses nothing.
  const unreadable: UnreadableAnswerDTO[] = [];
  quiz.questions.forEach((q, i) => {
    const problem = Object.hasOwn(answers, q.id) ? unreadableAnswer(q, answers[q.id]) : undefined;
    if (!problem) return;
    unreadable.push({ questionId: q.id, number: i + 1, message: pick(problem.message, opts.locale), ...(problem.column !== undefined ? { column: problem.column } : {}) });
  });
  if (unreadable.length > 0) {
    throw new UnreadableAnswersError(notSentMessage(messages(opts.locale).quiz, unreadable.map((u) => u.number)), unreadable);
  }

  // An archived offering is read-only: its attempts are kept, nothing new is recorded in it.
  if (who.offering?.archived) throw new AccessError(403, messages(opts.locale).offerings.archivedReadOnly);
  const db = await getDb();
  if ((await countQuizAttemptsSince(db, who.id, quiz.id, Date.now() - 60_000)) >= MAX_ATTEMPTS_PER_MINUTE) {
    throw new AccessError(429, 'too many attempts at this quiz in the last minute; wait a moment');
  }

  // Open, due and close dates, extensions and attempt limits, as for exercises: refused here
  // before anything is graded or stored (lib/site/item-dates.ts).
  const now = Date.now();
  const item = { kind: 'quiz' as const, id: quiz.id, section: quiz.section };
  const { window, late } = await admitWork(db, who, item, now, opts.locale);

  const graded = gradeAttempt(quiz, who.id, answers, (questionId, err) => {
    // A question only throws on a content bug; the student's answer is kept and scores 0.
    console.error(`[deltalab] quiz ${quiz.id} question ${questionId} could not be graded:`, err);
  });
  // The attempt and its late mark are written together, so a late attempt is never left unmarked;
  // the attempt limit is counted in the same transaction, under a lock, so concurrent attempts
  // cannot both pass it.
  const row = await db.transaction().execute(async (trx) => {
    await claimAttempt(trx, who, item, window, opts.locale);
    const inserted = await insertQuizAttempt(trx, {
      id: newId(),
      user_id: who.id,
      offering_id: who.offering?.id ?? null,
      quiz_id: quiz.id,
      quiz_version: quiz.version,
      answers_json: JSON.stringify(answers),
      score: graded.score,
      points: graded.points,
      max_points: graded.maxPoints,
      result_json: JSON.stringify({ questions: graded.questions }),
      locale: opts.locale,
      created_at: now,
    });
    if (late) await markQuizAttemptLate(trx, inserted.id, late.dueAt, late.factor);
    return inserted;
  });
  // The counted quiz score may have moved: queue it for a linked LMS line item (never throws).
  await queueQuizScore(db, who.id, row.offering_id, quiz.id);
  return { ...toAttemptDTO(row, opts.locale), countedScore: countedScore(row.score, late?.factor ?? 1) ?? 0, ...(late && { late: { factor: late.factor } }) };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'unreadable';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  return `${where}: ${issue.message}`;
}

export function toAttemptDTO(row: QuizAttemptRow, locale: Locale): QuizAttemptDTO {
  const stored = JSON.parse(row.result_json) as { questions: StoredQuestionResult[] };
  return {
    ...toSummary(row),
    quizId: row.quiz_id,
    answers: JSON.parse(row.answers_json) as Record<string, QuizAnswer>,
    results: stored.questions.map(
      (r): QuizQuestionResultDTO => ({
        questionId: r.questionId,
        score: r.score,
        points: r.points,
        maxPoints: r.maxPoints,
        correct: r.correct,
        answered: r.answered,
        messageHtml: renderInline(pick(r.message, locale)),
        ...(r.correct && r.explanation ? { explanationHtml: renderInline(pick(r.explanation, locale)) } : {}),
      }),
    ),
  };
}

function toSummary(row: QuizAttemptRow): QuizAttemptSummaryDTO {
  return { id: row.id, createdAt: Number(row.created_at), score: row.score, points: row.points, maxPoints: row.max_points };
}

/** The viewer's own attempts at a quiz, newest first (summaries). */
export async function getQuizAttempts(viewer: Viewer | null, quizId: string): Promise<QuizAttemptSummaryDTO[]> {
  const who = requireViewer(viewer);
  requireQuiz(quizId);
  const db = await getDb();
  const offeringId = who.offering?.id ?? null;
  const rows = await listQuizAttempts(db, who.id, quizId, 50, offeringId);
  // What each attempt counts with now: an override by staff (with its reason), a regrade, a late factor.
  const scored = new Map((await loadScoredQuizAttempts(db, { offeringId, attemptIds: rows.map((r) => r.id) })).map((a) => [a.id, a]));
  return rows.map((r) => {
    const a = scored.get(r.id);
    return {
      ...toSummary(r),
      ...(a && { countedScore: a.score }),
      ...(a?.late && { late: { factor: a.lateFactor } }),
      ...(a?.override && { override: { score: a.override.score, reason: a.override.reason } }),
      ...(a?.source === 'regrade' && { regraded: true }),
    };
  });
}

/** The viewer's newest attempt at a quiz, in full, or null. */
export async function getLastQuizAttempt(viewer: Viewer | null, quizId: string, locale: Locale): Promise<QuizAttemptDTO | null> {
  const who = requireViewer(viewer);
  const [row] = await listQuizAttempts(await getDb(), who.id, quizId, 1, who.offering?.id ?? null);
  return row ? toAttemptDTO(row, locale) : null;
}

/** One attempt in full. A student asking for someone else's learns nothing, not even that it exists. */
export async function getQuizAttempt(viewer: Viewer | null, id: string, locale: Locale): Promise<QuizAttemptDTO> {
  const who = requireViewer(viewer);
  const db = await getDb();
  const row = z.uuid().safeParse(id).success ? (isCourseStaff(who) ? await findQuizAttempt(db, id) : await findOwnQuizAttempt(db, id, who.id)) : undefined;
  if (!row || !canReadWorkOf(who, row.user_id, row.offering_id)) throw new AccessError(404, 'no such attempt');
  return toAttemptDTO(row, locale);
}

/**
 * The viewer's counted score, attempts and last attempt per quiz id: the same authority the
 * gradebook reads (lib/db/quiz-scores.ts: attempt overrides, regrades, late factors, the item
 * override), under each quiz's rule of whether the best or the last attempt counts.
 */
export async function getQuizProgress(viewer: Viewer | null): Promise<Record<string, QuizProgressDTO>> {
  if (!viewer) return {};
  const db = await getDb();
  const offeringId = viewer.offering?.id ?? null;
  const [rows, rules] = await Promise.all([countedQuizProgress(db, { offeringId, userIds: [viewer.id] }), offeringId === null ? null : loadOfferingWindows(db, offeringId)]);
  const catalog = getQuizCatalog().byId;
  const out: Record<string, QuizProgressDTO> = {};
  for (const r of rows) {
    const quiz = catalog.get(r.quizId);
    if (!quiz) continue;
    const counts = rules?.windowFor(viewer.id, { kind: 'quiz', id: quiz.id, section: quiz.section }).counts ?? 'best';
    out[r.quizId] = {
      bestScore: quizScoreUnder(r, counts) ?? 0,
      attempts: r.attempts,
      lastAt: r.lastAt,
      ...(r.lateAttempts > 0 && { lateAttempts: r.lateAttempts }),
      ...(r.itemOverride && { overridden: true }),
    };
  }
  return out;
}
