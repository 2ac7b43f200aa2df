/**
 * Grades a file as the site does: `npm run --silent grade -- <exercise-id> <file.ts> [--json] [--check] [--zh]`.
 * With --json, stdout carries exactly one JSON object (the GradingResult plus exercise/status/score/
 * checks/timeMs at the top); learner output never reaches stdout. Exit 0 whenever a verdict was
 * reached, 2 for usage errors.
 */
import { readFileSync } from 'node:fs';
import { createPool } from './pool';
import { printable } from './printable';
import type { CheckResult, GradingResult } from './results';

const USAGE = 'usage: npm run --silent grade -- <exercise-id> <file.ts> [--json] [--check] [--zh]';

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const args = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--json', '--check', '--zh', '--help'].includes(f));
  if (flags.has('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.length !== 2 || unknown.length > 0) {
    process.stderr.write(`${unknown.length ? `unknown option ${unknown.join(', ')}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const [exerciseId, file] = args as [string, string];
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }

  const pool = createPool({ size: 1 });
  try {
    const result = await pool.grade({ exerciseId, code, mode: flags.has('--check') ? 'check' : 'submit', locale: flags.has('--zh') ? 'zh' : 'en' });
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(result)}\n` : report(result));
    return 0;
  } finally {
    await pool.close();
  }
}

function report(r: GradingResult): string {
  return printable(plainReport(r));
}

function plainReport(r: GradingResult): string {
  const lines = [`${r.exercise} (version ${r.version}) — ${r.status.toUpperCase()} — score ${(r.score * 100).toFixed(1)}% (${r.points}/${r.maxPoints} points) in ${r.timeMs.toFixed(1)} ms`, r.summary, ''];
  for (const e of r.compileErrors) lines.push(`  line ${e.line}, column ${e.column}: ${e.message}`);
  for (const c of r.checks) lines.push(...checkLines(c));
  if (r.console.text) lines.push('', 'console:', indent(r.console.text) + (r.console.truncated ? '\n  … (truncated)' : ''));
  return `${lines.join('\n')}\n`;
}

function checkLines(c: CheckResult): string[] {
  const out = [`${c.passed ? '✓' : '✗'} ${c.title} [${c.name}] ${c.points}/${c.maxPoints}`, `    ${c.message}`];
  if (c.input && !c.passed) out.push(`    input: ${c.input}`);
  if (c.mistake) out.push(`    hint (${c.mistake.id}): ${c.mistake.hint}`);
  if (c.error?.line) out.push(`    at line ${c.error.line}${c.error.column ? `, column ${c.error.column}` : ''}`);
  return out;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`grade: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
