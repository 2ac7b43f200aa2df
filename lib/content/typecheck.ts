import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { applyMistake, MISTAKE_EXTENSION } from './mistakes';
import type { Problem } from './validate-types';

/**
 * Type-checks an exercise folder the way an author's editor would: checks.ts, starter.ts and every
 * .meta/ file (solution and mistakes), with the repository's compiler options. A mistake is checked
 * as what is graded: the solution with its patch applied (an in-memory file beside the patch).
 * `npm run typecheck` checks the same through scripts/typecheck-exercises.ts.
 */

let options: ts.CompilerOptions | undefined;
function compilerOptions(root: string): ts.CompilerOptions {
  if (options) return options;
  const configPath = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root, undefined, configPath);
  options = { ...parsed.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined, plugins: undefined };
  return options;
}

export function exerciseSourceFiles(dir: string): string[] {
  const files = ['checks.ts', 'starter.ts'].map((f) => path.join(dir, f)).filter((f) => existsSync(f));
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.join(dir, '.meta'));
  return files;
}

/**
 * Compiler diagnostics for the exercises' own files, each at its file and line, keyed by folder.
 * One program for all folders (the standard library is parsed once), reused by the next call so an
 * incremental re-validation re-checks only what changed.
 */
let previous: ts.Program | undefined;
export function typecheckExercises(dirs: string[], root: string): Map<string, Problem[]> {
  const byFile = new Map<string, string>();
  for (const dir of dirs) for (const f of exerciseSourceFiles(dir)) byFile.set(path.resolve(f), dir);
  const result = new Map<string, Problem[]>(dirs.map((d) => [d, []]));

  // Each mistake's patched module, under a name beside its patch that no file has.
  const patched = new Map<string, { text: string; patch: string; diffLine: number }>();
  for (const dir of dirs) {
    const solution = path.join(dir, '.meta', 'solution.ts');
    const mistakes = path.join(dir, '.meta', 'mistakes');
    if (!existsSync(solution) || !existsSync(mistakes)) continue;
    const solutionText = readFileSync(solution, 'utf8');
    for (const f of readdirSync(mistakes).filter((n) => n.endsWith(MISTAKE_EXTENSION)).sort()) {
      const patch = path.resolve(mistakes, f);
      const applied = applyMistake(solutionText, readFileSync(patch, 'utf8'));
      if (!applied.ok) continue; // validation reports it at its hunk
      const name = patch.slice(0, -MISTAKE_EXTENSION.length) + '.patched.ts';
      patched.set(name, { text: applied.source, patch, diffLine: applied.patch.diffLine });
      byFile.set(name, dir);
    }
  }
  const options = compilerOptions(root);
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => patched.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => patched.get(path.resolve(f))?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError, create) => {
    const p = patched.get(path.resolve(f));
    return p ? ts.createSourceFile(f, p.text, lang) : getSourceFile.call(host, f, lang, onError, create);
  };

  const program = ts.createProgram({ rootNames: [...byFile.keys()], options, host, oldProgram: previous });
  previous = program;
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : undefined;
    const dir = file ? byFile.get(file) : undefined;
    if (!d.file || !file || !dir) continue;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
    const mistake = patched.get(file);
    result.get(dir)!.push(
      mistake
        ? { file: path.relative(root, mistake.patch), line: mistake.diffLine, message: `TypeScript, in the patched solution at line ${line + 1}: ${text}` }
        : { file: path.relative(root, d.file.fileName), line: line + 1, message: `TypeScript: ${text}` },
    );
  }
  return result;
}
