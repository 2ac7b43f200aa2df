import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseFrontMatter, type ContentError } from './frontmatter';
import { holdReason, readValidationRecords, validationRecordFile } from './held-back';
import { MISTAKE_EXTENSION } from './mistakes';
import { mathProblems } from './statement-checks';
import { ExerciseFrontMatter, TranslationFrontMatter } from './schema';
import { SECTIONS } from './sections';

export type { ContentError } from './frontmatter';

export interface Exercise extends ExerciseFrontMatter {
  /** Folder relative to the repository root, e.g. `exercises/4.1-neurons/sigmoid-prime`. */
  relDir: string;
  dir: string;
  statement: string;
  /** The line of exercise.md where the statement begins (after the front matter). */
  bodyLine: number;
  translation?: { title: string; summary?: string; statement: string; bodyLine: number };
  /** Line of each top-level front-matter key, so later checks can point at it. */
  keyLines: Record<string, number>;
  starter: string;
  /** Content hash of the files that decide a grade; recorded with every submission. */
  version: string;
  /** Mistakes are patches of the solution (lib/content/mistakes.ts); `path` is the `.patch` file. */
  files: { checks: string; solution?: string; mistakes: { id: string; path: string }[] };
  /** Problems in the texts that need no grader (missing translation, math KaTeX rejects); lines are file lines. */
  textProblems: ContentError[];
}

export function repoRoot(): string {
  return process.env.DELTALAB_ROOT ?? process.cwd();
}

export function exercisesRoot(): string {
  return process.env.DELTALAB_EXERCISES_DIR ?? path.join(/*turbopackIgnore: true*/ repoRoot(), 'exercises');
}

/**
 * Reads every exercise folder under `root`. A broken folder yields errors (file and line) and is
 * left out; it never stops the others from loading.
 */
export function loadExercises(root: string = exercisesRoot()): { exercises: Exercise[]; errors: ContentError[] } {
  const exercises: Exercise[] = [];
  const errors: ContentError[] = [];
  if (!existsSync(root)) return { exercises, errors: [{ file: root, line: 1, message: 'the exercises folder does not exist' }] };

  for (const sectionDir of listDirs(root)) {
    const section = SECTIONS.find((s) => s.folder === sectionDir);
    if (!section) {
      errors.push({ file: path.join(/*turbopackIgnore: true*/ root, sectionDir), line: 1, message: `unknown section folder; expected one of ${SECTIONS.map((s) => s.folder).join(', ')}` });
      continue;
    }
    for (const slug of listDirs(path.join(/*turbopackIgnore: true*/ root, sectionDir))) {
      const dir = path.join(/*turbopackIgnore: true*/ root, sectionDir, slug);
      // Quiz folders (quiz.yaml) share the section folders; lib/quiz loads them.
      if (existsSync(path.join(/*turbopackIgnore: true*/ dir, 'quiz.yaml')) && !existsSync(path.join(/*turbopackIgnore: true*/ dir, 'exercise.md'))) continue;
      const result = loadExerciseDir(dir, root);
      if ('errors' in result) {
        errors.push(...result.errors);
        continue;
      }
      const ex = result.exercise;
      if (ex.section !== section.id) {
        errors.push({ file: path.join(/*turbopackIgnore: true*/ dir, 'exercise.md'), line: ex.keyLines.section ?? 2, message: `section "${ex.section}" does not match its folder ${sectionDir}` });
        continue;
      }
      if (ex.id !== slug) {
        errors.push({ file: path.join(/*turbopackIgnore: true*/ dir, 'exercise.md'), line: ex.keyLines.id ?? 2, message: `id "${ex.id}" must equal its folder name "${slug}"` });
        continue;
      }
      exercises.push(ex);
    }
  }

  const seen = new Map<string, Exercise>();
  const unique: Exercise[] = [];
  for (const ex of exercises) {
    const first = seen.get(ex.id);
    if (first) {
      errors.push({ file: path.join(/*turbopackIgnore: true*/ ex.dir, 'exercise.md'), line: ex.keyLines.id ?? 2, message: `duplicate id "${ex.id}" (also in ${first.relDir})` });
      continue;
    }
    seen.set(ex.id, ex);
    unique.push(ex);
  }
  unique.sort((a, b) => a.section.localeCompare(b.section) || a.order - b.order || a.id.localeCompare(b.id));
  return { exercises: unique, errors };
}

function loadExerciseDir(dir: string, root: string): { exercise: Exercise } | { errors: ContentError[] } {
  const mdPath = path.join(/*turbopackIgnore: true*/ dir, 'exercise.md');
  const required = ['exercise.md', 'starter.ts', 'checks.ts'];
  const missing = required.filter((f) => !existsSync(path.join(/*turbopackIgnore: true*/ dir, f)));
  if (missing.length > 0) {
    return { errors: missing.map((f) => ({ file: path.join(/*turbopackIgnore: true*/ dir, f), line: 1, message: `missing ${f}` })) };
  }
  const md = readFileSync(mdPath, 'utf8');
  const parsed = parseFrontMatter(mdPath, md, ExerciseFrontMatter);
  if (!parsed.ok) return { errors: parsed.errors };

  let translation: Exercise['translation'];
  const zhPath = path.join(/*turbopackIgnore: true*/ dir, 'exercise.zh.md');
  const zhText = existsSync(zhPath) ? readFileSync(zhPath, 'utf8') : undefined;
  if (zhText !== undefined) {
    const zh = parseFrontMatter(zhPath, zhText, TranslationFrontMatter);
    if (!zh.ok) return { errors: zh.errors };
    translation = { ...zh.data, statement: zh.body, bodyLine: zh.bodyLine };
  }

  const starter = readFileSync(path.join(/*turbopackIgnore: true*/ dir, 'starter.ts'), 'utf8');
  const checksPath = path.join(/*turbopackIgnore: true*/ dir, 'checks.ts');
  const hash = createHash('sha256');
  for (const text of [md, zhText ?? '', starter, readFileSync(checksPath, 'utf8')]) hash.update(text).update('\0');

  const meta = path.join(/*turbopackIgnore: true*/ dir, '.meta');
  const solution = path.join(/*turbopackIgnore: true*/ meta, 'solution.ts');
  const mistakesDir = path.join(/*turbopackIgnore: true*/ meta, 'mistakes');
  const mistakes = existsSync(mistakesDir)
    ? readdirSync(mistakesDir)
        .filter((f) => f.endsWith(MISTAKE_EXTENSION))
        .sort()
        .map((f) => ({ id: f.slice(0, -MISTAKE_EXTENSION.length), path: path.join(/*turbopackIgnore: true*/ mistakesDir, f) }))
    : [];

  const textProblems: ContentError[] = [];
  if (parsed.body.trim() === '') textProblems.push({ file: mdPath, line: parsed.bodyLine, message: 'the English statement is empty' });
  for (const p of mathProblems(parsed.body)) textProblems.push({ file: mdPath, line: parsed.bodyLine + p.line - 1, message: p.message });
  if (!translation) textProblems.push({ file: zhPath, line: 1, message: 'missing exercise.zh.md: every statement needs its Chinese translation (front matter with title, then the statement)' });
  else {
    if (translation.statement.trim() === '') textProblems.push({ file: zhPath, line: translation.bodyLine, message: 'the Chinese statement is empty' });
    for (const p of mathProblems(translation.statement)) textProblems.push({ file: zhPath, line: translation.bodyLine + p.line - 1, message: p.message });
  }

  return {
    exercise: {
      ...parsed.data,
      textProblems,
      relDir: path.relative(path.dirname(root), dir).split(path.sep).join('/'),
      dir,
      statement: parsed.body,
      bodyLine: parsed.bodyLine,
      keyLines: parsed.keyLines,
      translation,
      starter,
      version: hash.digest('hex').slice(0, 12),
      files: { checks: checksPath, solution: existsSync(solution) ? solution : undefined, mistakes },
    },
  };
}

function listDirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(path.join(/*turbopackIgnore: true*/ dir, name)).isDirectory())
    .sort();
}

export interface Catalog {
  /** What students see: loaded, not a draft, not failing validation. */
  exercises: Exercise[];
  byId: Map<string, Exercise>;
  /** Everything that loaded, for staff (authoring, preview, regrade) and the grader. */
  all: Exercise[];
  allById: Map<string, Exercise>;
  /** Why each loaded but hidden exercise is hidden. */
  held: Map<string, string>;
  errors: ContentError[];
}

/**
 * Loads once per process; `fresh: true` re-reads (development, validation, the staff "reload
 * content" action). In production a changed folder is picked up too: the catalogue re-reads when
 * the exercise files' modification times change (checked at most once a second), so an edited or
 * added exercise appears without a restart, with its new version hash.
 */
let cache: (Catalog & { stamp: string; checkedAt: number }) | undefined;
export function getCatalog(opts: { fresh?: boolean } = {}): Catalog {
  const now = Date.now();
  let stamp = cache?.stamp;
  if (cache && !opts.fresh && process.env.NODE_ENV !== 'development' && now - cache.checkedAt >= 1000) {
    cache.checkedAt = now;
    stamp = contentStamp(exercisesRoot());
  }
  if (!cache || opts.fresh || process.env.NODE_ENV === 'development' || stamp !== cache.stamp) {
    const root = exercisesRoot();
    const freshStamp = contentStamp(root);
    const loaded = loadExercises(root);
    const records = readValidationRecords();
    const held = new Map<string, string>();
    for (const ex of loaded.exercises) {
      const reason = holdReason(ex, ex.textProblems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`), records);
      if (reason) held.set(ex.id, reason);
    }
    const visible = loaded.exercises.filter((e) => !held.has(e.id));
    cache = {
      exercises: visible,
      byId: new Map(visible.map((e) => [e.id, e])),
      all: loaded.exercises,
      allById: new Map(loaded.exercises.map((e) => [e.id, e])),
      held,
      errors: loaded.errors,
      stamp: freshStamp,
      checkedAt: now,
    };
  }
  return cache;
}

/** A cheap fingerprint of the content: every file's path, size and mtime, plus the validation record's. */
export function contentStamp(root: string): string {
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(/*turbopackIgnore: true*/ dir, name);
      try {
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      } catch {
        // A file removed while walking: the next check sees the folder as it is then.
      }
    }
  };
  walk(root);
  try {
    const st = statSync(validationRecordFile());
    hash.update(`record\0${st.size}\0${st.mtimeMs}`);
  } catch {
    // No record yet.
  }
  return hash.digest('hex');
}
