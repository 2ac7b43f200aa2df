import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../../lib/content/loader';
import { starterDeclarationProblems, starterDeclarations } from '../../lib/content/declarations';

/**
 * The editor's extra library is made from each starter: it must be declarations TypeScript
 * accepts as they are — the full checker, as the editor runs it, not only the parser.
 */
function syntaxErrors(source: string): string[] {
  const file = '/virtual/exercise.d.ts';
  const options: ts.CompilerOptions = { noEmit: true, strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, source, lang) : getSourceFile.call(host, name, lang, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  const sf = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('starter declarations', () => {
  it('keep signatures and types, drop bodies', () => {
    const source = `/** Doc. */
export function f(x: number, g: (v: number) => number): { a: number } {
  const inner = { a: 1 };
  return inner;
}

function helper(): void {}

export type Matrix = number[][];
export interface Layer {
  W: Matrix;
  b: number[];
}
export const k = 3;

export class Point {
  /** x. */
  readonly x: number;
  count = 0;
  private secret = 1;
  constructor(x: number, public readonly y: number, private z = 2) {
    this.x = x;
  }
  scale(by = 2): Point {
    return new Point(this.x * by, this.y * by);
  }
}
`;
    const d = starterDeclarations(source);
    expect(d).toContain('/** Doc. */\nexport function f(x: number, g: (v: number) => number): {\n    a: number;\n};');
    expect(d).toContain('export type Matrix = number[][];');
    expect(d).toContain('export interface Layer {\n    W: Matrix;\n    b: number[];\n}');
    expect(d).toContain('export const k = 3;');
    expect(d).toContain('export class Point {');
    expect(d).toContain('    readonly y: number;');
    expect(d).toContain('    /** x. */\n    readonly x: number;');
    expect(d).toContain('    count: number;');
    expect(d).toContain('    constructor(x: number, y: number, z?: number);');
    expect(d).toContain('    scale(by?: number): Point;');
    // Private members keep only their names (as the compiler emits them): no type, no value.
    expect(d).toContain('    private secret;');
    expect(d).not.toMatch(/secret = |z = 2/);
    // The editor puts these inside `declare module …`, where `declare` itself is an error.
    expect(d).not.toMatch(/\bdeclare\b/);
    expect(d).not.toContain('helper');
    expect(d).not.toContain('inner');
    expect(syntaxErrors(`declare module 'm' {\n${d}\n}`)).toEqual([]);
  });

  it('name an export the compiler cannot type from the starter alone', () => {
    expect(starterDeclarationProblems('export function f(x: number) {\n  return x;\n}\n')).toEqual([{ line: 1, message: expect.stringContaining('return type') }]);
    expect(starterDeclarationProblems('export function f(x: number): number {\n  return x;\n}\n')).toEqual([]);
  });

  it('are valid for every exercise', () => {
    const { exercises } = getCatalog({ fresh: true });
    expect(exercises.length).toBeGreaterThan(0);
    // One program for all of them: a module per exercise.
    const all = exercises.map((ex) => `declare module 'deltalab:${ex.id}' {\n${starterDeclarations(ex.starter)}\n}`).join('\n');
    expect(syntaxErrors(all)).toEqual([]);
    for (const ex of exercises) {
      expect(starterDeclarationProblems(ex.starter), ex.id).toEqual([]);
      const d = starterDeclarations(ex.starter);
      for (const m of ex.starter.matchAll(/^export (function|class|interface|type) (\w+)/gm)) expect(d, ex.id).toMatch(new RegExp(`export ${m[1]} ${m[2]}\\b`));
    }
  });
});
