/**
 * The proof of every quiz.yaml, shared by `npm run exercises:validate` (scripts/validate-quizzes.ts)
 * and the instructors' authoring status page. Each file loads (schema and formulas, errors with
 * file and line); ids are unique among quizzes and exercises; for several students, every
 * question's reference answer scores 1 through the same path a student's answer takes, every
 * catalogued wrong answer scores below 1 (with its feedback), every wrong option of a choice
 * question scores below 1, parameterised questions vary between students, the page's view carries
 * no answers, and all math (texts and previews) renders with KaTeX.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadExercises, repoRoot } from '../content/loader';
import { SECTIONS } from '../content/sections';
import { katexError } from '../content/statement-checks';
import { checkQuiz, texts } from './check';
import { compiled } from './compile';
import { parse, toTex, type LocalizedText } from './expr';
import { gradeQuestion, texNames } from './grade';
import { instantiateQuestion, quizSeed } from './instantiate';
import { lineInQuizFile, loadQuizzes, QUIZ_FILE, type Quiz } from './loader';
import { drawParams, interpolate } from './params';
import { numericAnswer, referenceAnswer, studentForm, tokensFor } from './index';

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export const STUDENTS = Array.from({ length: 6 }, (_, i) => `student-${i + 1}`);
/** Parameterised questions get more students: a catalogued mistake may coincide with the answer for rare draws. */
export const MORE_STUDENTS = Array.from({ length: 30 }, (_, i) => `student-${i + 1}`);
/** Keys that must never appear in what a page receives. */
const SECRET_KEYS = new Set(['answer', 'correct', 'feedback', 'explanation', 'wrongAnswers', 'tolerance', 'params', 'derived', 'require']);
export const SLOW_MS = 25;

export function validateQuiz(quiz: Quiz, text: string): { problems: Problem[]; slowest: number } {
  const problems: Problem[] = [];
  let slowest = 0;
  const rel = path.relative(repoRoot(), quiz.file);
  const report = (p: (string | number)[], message: string) => problems.push({ file: rel, line: lineInQuizFile(text, p), message });

  for (const issue of checkQuiz(quiz)) report(issue.path, issue.message);
  checkMath(quiz.title, ['title'], report);
  if (quiz.summary) checkMath(quiz.summary, ['summary'], report);

  quiz.questions.forEach((q, i) => {
    const at = (p: (string | number)[], message: string) => report(['questions', i, ...p], `question "${q.id}": ${message}`);
    // The same problem for several students is reported once, naming them.
    const perStudent = new Map<string, { path: (string | number)[]; message: string; students: string[] }>();
    const atFor = (student: string, p: (string | number)[], message: string) => {
      const key = `${p.join('.')}\u0000${message}`;
      const entry = perStudent.get(key) ?? { path: p, message, students: [] };
      entry.students.push(student);
      perStudent.set(key, entry);
    };
    // A first call pays for JIT compilation and a GC pause can land anywhere: a slow grading
    // counts only if it is slow again.
    const timed = <T>(f: () => T): T => {
      let best = Infinity;
      let out!: T;
      for (let run = 0; run < 3 && best > SLOW_MS; run++) {
        const t0 = performance.now();
        out = f();
        best = Math.min(best, performance.now() - t0);
      }
      slowest = Math.max(slowest, best);
      return out;
    };
    const draws = new Set<string>();
    const students = Object.keys(q.params ?? {}).length > 0 ? MORE_STUDENTS : STUDENTS;
    for (const student of students) {
      const seed = quizSeed(student, quiz.id);
      let params: Map<string, number>;
      try {
        compiled(q);
        params = drawParams(q, seed);
      } catch (err) {
        at([], (err as Error).message);
        return;
      }
      draws.add(JSON.stringify([...params]));

      for (const locale of ['en', 'zh'] as const) {
        const view = instantiateQuestion(q, seed, locale);
        const leaked = secretKeys(view);
        if (leaked.length > 0) atFor(student, [], `the page view contains ${leaked.join(', ')}`);
      }
      for (const { path: p, text: t } of texts(q)) checkMath({ en: interpolate(t.en, params), zh: interpolate(t.zh, params) }, p, (pp, m) => atFor(student, pp, m));

      const reference = referenceAnswer(q, seed);
      const grade = timed(() => gradeQuestion(q, seed, reference));
      if (grade.score !== 1 || !grade.correct) atFor(student, ['answer'], `the reference answer ${JSON.stringify(reference)} scores ${grade.score}: ${grade.message.en}`);

      if (q.type === 'numeric' || q.type === 'expression' || q.type === 'matrix') {
        q.wrongAnswers.forEach((w, j) => {
          const source = typeof w === 'string' ? w : w.answer;
          let answer: string;
          try {
            answer = q.type === 'numeric' ? numericAnswer(q, seed, source) : studentForm(q, seed, source);
          } catch (err) {
            atFor(student, ['wrongAnswers', j], `cannot be evaluated: ${(err as Error).message}`);
            return;
          }
          const g = timed(() => gradeQuestion(q, seed, answer));
          if (g.score >= 1) atFor(student, ['wrongAnswers', j], `"${source}" scores ${g.score}; it must score below 1`);
          else if (typeof w !== 'string' && w.feedback && !g.message.en.includes(interpolate(w.feedback.en, params))) {
            atFor(student, ['wrongAnswers', j], `"${source}" is graded without its feedback`);
          }
        });
      }
      if (q.type === 'single' || q.type === 'multiple') {
        const correct = new Set(q.type === 'single' ? [q.correct] : q.correct);
        for (const option of q.options.filter((o) => !correct.has(o.id))) {
          const g = gradeQuestion(q, seed, tokensFor(q, seed, q.type === 'single' ? [option.id] : [...correct, option.id]));
          if (g.score >= 1) atFor(student, ['options'], `choosing "${option.id}" scores ${g.score}`);
        }
      }
      if (q.type === 'expression' || q.type === 'matrix') {
        try {
          renderTex(toTex(parse(studentForm(q, seed, q.answer)), texNames(q)));
        } catch (err) {
          atFor(student, ['answer'], `the preview of the answer does not render: ${(err as Error).message}`);
        }
      }
    }
    for (const { path: p, message, students: who } of perStudent.values()) {
      const names = who.length <= 3 ? who.join(', ') : `${who.slice(0, 3).join(', ')} …`;
      at(p, `${message} (for ${who.length} of ${students.length} students: ${names})`);
    }
    if (Object.keys(q.params ?? {}).length > 0 && draws.size < 2) at(['params'], `all ${students.length} students drew the same numbers`);
  });
  return { problems, slowest };
}

/** Every `$…$` and `$$…$$` in both languages must be valid KaTeX. */
function checkMath(text: LocalizedText, p: (string | number)[], report: (p: (string | number)[], m: string) => void) {
  for (const lang of ['en', 'zh'] as const) {
    const source = text[lang];
    const pattern = /\$\$([\s\S]+?)\$\$|\$((?:\\.|[^\\$\n])+?)\$/g;
    for (const m of source.matchAll(pattern)) {
      try {
        renderTex(m[1] ?? m[2] ?? '', m[1] !== undefined);
      } catch (err) {
        report([...p, lang], `math "${(m[1] ?? m[2] ?? '').slice(0, 60)}" does not render: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
}

/** Strict mode, as for statements (lib/content/statement-checks.ts): what would render red fails here. */
function renderTex(tex: string, displayMode = false) {
  const error = katexError(tex, displayMode);
  if (error) throw new Error(error);
}

function secretKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => secretKeys(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.has(k)) found.push(k);
      secretKeys(v, found);
    }
  }
  return found;
}

/** Exercise ids: every loaded exercise, and every exercise folder's name (a folder's name is its id). */
function exerciseIds(root: string): Set<string> {
  const ids = new Set(loadExercises(root).exercises.map((e) => e.id));
  for (const section of SECTIONS) {
    const dir = path.join(root, section.folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const sub = path.join(dir, name);
      if (!name.startsWith('.') && statSync(sub).isDirectory() && !existsSync(path.join(sub, QUIZ_FILE))) ids.add(name);
    }
  }
  return ids;
}

export function countTypes(quiz: Quiz): string {
  const counts = new Map<string, number>();
  for (const q of quiz.questions) counts.set(q.type, (counts.get(q.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${n} ${t}`).join(', ');
}

export interface QuizReport {
  id: string;
  relDir: string;
  /** The content hash validated: the verdict holds for this version only. */
  version: string;
  questions: number;
  counts: string;
  problems: Problem[];
}

export function validateQuizzes(opts: { only?: string[] } = {}): { reports: QuizReport[]; loadErrors: Problem[]; slowest: number } {
  const root = path.join(repoRoot(), 'exercises');
  const { quizzes, errors } = loadQuizzes(root);
  const loadErrors: Problem[] = errors.map((e) => ({ ...e, file: path.relative(repoRoot(), e.file) }));
  const exercises = exerciseIds(root);
  let slowest = 0;
  const reports: QuizReport[] = [];
  for (const quiz of quizzes) {
    if (opts.only && opts.only.length > 0 && !opts.only.includes(quiz.id)) continue;
    const text = readFileSync(quiz.file, 'utf8');
    const found = validateQuiz(quiz, text);
    if (exercises.has(quiz.id)) found.problems.push({ file: path.relative(repoRoot(), quiz.file), line: lineInQuizFile(text, ['id']), message: `id "${quiz.id}" is also an exercise id` });
    slowest = Math.max(slowest, found.slowest);
    reports.push({ id: quiz.id, relDir: quiz.relDir, version: quiz.version, questions: quiz.questions.length, counts: countTypes(quiz), problems: found.problems });
  }
  if (slowest > SLOW_MS) loadErrors.push({ file: 'lib/quiz', line: 1, message: `the slowest grading took ${slowest.toFixed(1)} ms (limit ${SLOW_MS} ms)` });
  return { reports, loadErrors, slowest };
}
