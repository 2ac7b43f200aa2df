import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PRELUDE } from '../../../grader/sandbox/prelude';

/**
 * The sandbox prelude (grader/sandbox/prelude/prelude.js) is the most security-critical code of the
 * grader and runs in a bare isolate: it is type-checked here, with `// @ts-check` and its own
 * tsconfig (the language's built-ins only — a use of `process`, `setTimeout` or the DOM is an error).
 */

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../grader/sandbox/prelude');
const file = path.join(dir, 'prelude.js');

/** TypeScript's diagnostics for the prelude, or for `text` in its place. */
function diagnostics(text?: string): string[] {
  const configPath = path.join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configPath);
  const host = ts.createCompilerHost(config.options);
  if (text !== undefined) {
    const original = host.getSourceFile;
    host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === file ? ts.createSourceFile(name, text, lang) : original.call(host, name, lang, ...rest));
  }
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${where ? `prelude.js:${where.line + 1}:${where.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('the sandbox prelude', () => {
  it('is the file the sandbox runs', () => {
    expect(PRELUDE).toBe(readFileSync(file, 'utf8'));
    expect(PRELUDE.startsWith('// @ts-check\n')).toBe(true);
  });

  it('type-checks', { timeout: 60_000 }, () => {
    expect(diagnostics()).toEqual([]);
  });

  it('would be refused if it reached for anything of the host', { timeout: 60_000 }, () => {
    const source = readFileSync(file, 'utf8');
    const leaky = source.replace("var INF = 1 / 0;", "var INF = 1 / 0; var $env = process.env; setTimeout(function () {}, 0); var $doc = document;");
    expect(leaky).not.toBe(source);
    const found = diagnostics(leaky).join('\n');
    expect(found).toMatch(/Cannot find name 'process'/);
    expect(found).toMatch(/Cannot find name 'setTimeout'/);
    expect(found).toMatch(/Cannot find name 'document'/);
  });
});
