import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseFrontMatter, type ContentError } from './frontmatter';
import { ExerciseFrontMatter, TranslationFrontMatter } from './schema';
import { SECTIONS } from './sections';

export type { ContentError } from './frontmatter';

export interface Exercise extends ExerciseFrontMatter {
  /** Folder relative to the repository root, e.g. `exercises/4.1-neurons/sigmoid-prime`. */
  relDir: string;
  dir: string;
  statement: string;
  translation?: { title: string; summary?: string; statement: string };
  starter: string;
  /** Content hash of the files that decide a grade; recorded with every submission. */
  version: string;
  files: { checks: string; solution?: string; mistakes: { id: string; path: string }[] };
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
        errors.push({ file: path.join(/*turbopackIgnore: true*/ dir, 'exercise.md'), line: 2, message: `section "${ex.section}" does not match its folder ${sectionDir}` });
        continue;
      }
      if (ex.id !== slug) {
        errors.push({ file: path.join(/*turbopackIgnore: true*/ dir, 'exercise.md'), line: 2, message: `id "${ex.id}" must equal its folder name "${slug}"` });
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
      errors.push({ file: path.join(/*turbopackIgnore: true*/ ex.dir, 'exercise.md'), line: 2, message: `duplicate id "${ex.id}" (also in ${first.relDir})` });
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
    translation = { ...zh.data, statement: zh.body };
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
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => ({ id: f.slice(0, -3), path: path.join(/*turbopackIgnore: true*/ mistakesDir, f) }))
    : [];

  return {
    exercise: {
      ...parsed.data,
      relDir: path.relative(path.dirname(root), dir).split(path.sep).join('/'),
      dir,
      statement: parsed.body,
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

/** Loads once per process; `fresh: true` re-reads (development, validation). */
let cache: { exercises: Exercise[]; errors: ContentError[]; byId: Map<string, Exercise> } | undefined;
export function getCatalog(opts: { fresh?: boolean } = {}) {
  if (!cache || opts.fresh || process.env.NODE_ENV === 'development') {
    const loaded = loadExercises();
    cache = { ...loaded, byId: new Map(loaded.exercises.map((e) => [e.id, e])) };
  }
  return cache;
}
