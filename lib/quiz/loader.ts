import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { ContentError } from '../content/frontmatter';
import { holdReason, readValidationRecords } from '../content/held-back';
import { contentStamp, exercisesRoot } from '../content/loader';
import { SECTIONS } from '../content/sections';
import { checkQuiz } from './check';
import { QuizFile } from './schema';

export type { ContentError } from '../content/frontmatter';

export const QUIZ_FILE = 'quiz.yaml';

export interface Quiz extends QuizFile {
  /** Folder relative to the repository root, e.g. `exercises/4.4-backprop/backprop-quiz`. */
  relDir: string;
  dir: string;
  file: string;
  /** Content hash of quiz.yaml; recorded with every graded answer. */
  version: string;
}

// `turbopackIgnore` (as in lib/content/loader): the paths are only known at run time, so the
// bundler must not try to trace the files behind them.

/**
 * Reads every `exercises/<section>/<id>/quiz.yaml`. Folders without a quiz.yaml are exercises and
 * are left to lib/content. A broken quiz yields errors (file and line) and is left out; it never
 * stops the others from loading.
 */
export function loadQuizzes(root: string = exercisesRoot()): { quizzes: Quiz[]; errors: ContentError[] } {
  const quizzes: Quiz[] = [];
  const errors: ContentError[] = [];
  if (!existsSync(root)) return { quizzes, errors: [{ file: root, line: 1, message: 'the exercises folder does not exist' }] };

  for (const sectionDir of listDirs(root)) {
    const section = SECTIONS.find((s) => s.folder === sectionDir);
    for (const slug of listDirs(path.join(/*turbopackIgnore: true*/ root, sectionDir))) {
      const dir = path.join(/*turbopackIgnore: true*/ root, sectionDir, slug);
      const file = path.join(/*turbopackIgnore: true*/ dir, QUIZ_FILE);
      if (!existsSync(file)) continue;
      if (!section) {
        errors.push({ file, line: 1, message: `unknown section folder ${sectionDir}; expected one of ${SECTIONS.map((s) => s.folder).join(', ')}` });
        continue;
      }
      if (existsSync(path.join(/*turbopackIgnore: true*/ dir, 'exercise.md'))) {
        errors.push({ file, line: 1, message: 'a folder holds either an exercise (exercise.md) or a quiz (quiz.yaml), not both' });
        continue;
      }
      const result = loadQuizFile(file, readFileSync(file, 'utf8'));
      if ('errors' in result) {
        errors.push(...result.errors);
        continue;
      }
      const quiz = result.quiz;
      if (quiz.section !== section.id) {
        errors.push({ file, line: result.lineOf(['section']), message: `section "${quiz.section}" does not match its folder ${sectionDir}` });
        continue;
      }
      if (quiz.id !== slug) {
        errors.push({ file, line: result.lineOf(['id']), message: `id "${quiz.id}" must equal its folder name "${slug}"` });
        continue;
      }
      quizzes.push({ ...quiz, dir, file, relDir: path.relative(path.dirname(root), dir).split(path.sep).join('/') });
    }
  }

  const seen = new Map<string, Quiz>();
  const unique: Quiz[] = [];
  for (const quiz of quizzes) {
    const first = seen.get(quiz.id);
    if (first) {
      errors.push({ file: quiz.file, line: 1, message: `duplicate id "${quiz.id}" (also in ${first.relDir})` });
      continue;
    }
    seen.set(quiz.id, quiz);
    unique.push(quiz);
  }
  unique.sort((a, b) => a.section.localeCompare(b.section) || a.order - b.order || a.id.localeCompare(b.id));
  return { quizzes: unique, errors };
}

/** Parses and checks one quiz.yaml; every error carries its line. */
export function loadQuizFile(
  file: string,
  text: string,
): { quiz: QuizFile & { version: string }; lineOf: (p: (string | number)[]) => number } | { errors: ContentError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's view of the file is guesswork; the rest is noise.
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    return { errors: [{ file, line, message: `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` }] };
  }
  const lineOf = (p: (string | number)[]) => lineOfPath(doc, lineCounter, p);
  const parsed = QuizFile.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((issue) => {
        const key = issue.path.length > 0 ? issue.path.join(/*turbopackIgnore: true*/ '.') : '(quiz)';
        return { file, line: lineOf(issue.path as (string | number)[]), message: `${key}: ${issue.message}` };
      }),
    };
  }
  const issues = checkQuiz(parsed.data);
  if (issues.length > 0) return { errors: issues.map((i) => ({ file, line: lineOf(i.path), message: `${i.path.join(/*turbopackIgnore: true*/ '.')}: ${i.message}` })) };
  const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { quiz: { ...parsed.data, version }, lineOf };
}

/** The line of a path (e.g. ['questions', 3, 'answer']) in a quiz file's text, for reports. */
export function lineInQuizFile(text: string, p: (string | number)[]): number {
  const lineCounter = new LineCounter();
  return lineOfPath(parseDocument(text, { lineCounter }), lineCounter, p);
}

/** The 1-based line of the deepest existing node on `p`. */
function lineOfPath(doc: ReturnType<typeof parseDocument>, lc: LineCounter, p: (string | number)[]): number {
  for (let depth = p.length; depth >= 0; depth--) {
    const node = doc.getIn(p.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

function listDirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(path.join(/*turbopackIgnore: true*/ dir, name)).isDirectory())
    .sort();
}

/**
 * Loads once per process; `fresh: true` re-reads (development, validation), as getCatalog does for
 * exercises, and like it re-reads when the content folder changes. `quizzes`/`byId` are what
 * students see (not drafts, not failing their last validation); `all`/`allById` are for staff.
 */
let cache: { quizzes: Quiz[]; errors: ContentError[]; byId: Map<string, Quiz>; all: Quiz[]; allById: Map<string, Quiz>; held: Map<string, string>; stamp: string; checkedAt: number } | undefined;
export function getQuizCatalog(opts: { fresh?: boolean } = {}) {
  const now = Date.now();
  let stamp = cache?.stamp;
  if (cache && !opts.fresh && process.env.NODE_ENV !== 'development' && now - cache.checkedAt >= 1000) {
    cache.checkedAt = now;
    stamp = contentStamp(exercisesRoot());
  }
  if (!cache || opts.fresh || process.env.NODE_ENV === 'development' || stamp !== cache.stamp) {
    const freshStamp = contentStamp(exercisesRoot());
    const loaded = loadQuizzes();
    const records = readValidationRecords();
    const held = new Map<string, string>();
    for (const q of loaded.quizzes) {
      const reason = holdReason(q, [], records);
      if (reason) held.set(q.id, reason);
    }
    const visible = loaded.quizzes.filter((q) => !held.has(q.id));
    cache = { quizzes: visible, errors: loaded.errors, byId: new Map(visible.map((q) => [q.id, q])), all: loaded.quizzes, allById: new Map(loaded.quizzes.map((q) => [q.id, q])), held, stamp: freshStamp, checkedAt: now };
  }
  return cache;
}
