import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Problem } from './validate-types';

/**
 * Type-checks an exercise folder the way an author's editor would: checks.ts, starter.ts and every
 * .meta/ file (solution and mistakes), with the repository's compiler options. `npm run typecheck`
 * leaves starters and .meta out (they are learner-shaped code), so without this a misspelt check
 * field or a solution that does not match the starter's types would only surface at grading time.
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
  const program = ts.createProgram({ rootNames: [...byFile.keys()], options: compilerOptions(root), oldProgram: previous });
  previous = program;
  const result = new Map<string, Problem[]>(dirs.map((d) => [d, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const dir = d.file ? byFile.get(path.resolve(d.file.fileName)) : undefined;
    if (!d.file || !dir) continue;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    result.get(dir)!.push({
      file: path.relative(root, d.file.fileName),
      line: line + 1,
      message: `TypeScript: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`,
    });
  }
  return result;
}
