/**
 * `npx tsx scripts/validate-quizzes.ts`: proves every quiz.yaml under exercises/ (lib/quiz/validate.ts
 * says how). Exit 1 when anything is wrong. `--json` prints one JSON report instead.
 */
import { writeValidationRecords } from '../lib/content/held-back';
import { loadQuizzes } from '../lib/quiz/loader';
import { MORE_STUDENTS, STUDENTS, validateQuizzes } from '../lib/quiz/validate';

function main(): number {
  const started = performance.now();
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (only.length > 0 && !loadQuizzes().quizzes.some((q) => only.includes(q.id))) {
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ reports: [], loadErrors: [], slowest: 0 })}\n`);
    else process.stdout.write(`no quiz among ${only.join(', ')}\n`);
    return 0;
  }
  const result = validateQuizzes({ only });
  const at = new Date().toISOString();
  writeValidationRecords(Object.fromEntries(result.reports.map((r) => [r.id, { version: r.version, ok: r.problems.length === 0, problems: r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`), at }])));
  const problems = [...result.reports.flatMap((r) => r.problems), ...(only.length > 0 ? [] : result.loadErrors)];
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  for (const r of result.reports) process.stdout.write(`${r.problems.length === 0 ? 'ok  ' : 'FAIL'} ${r.id} (${r.relDir}) ${r.questions} questions: ${r.counts}\n`);
  for (const p of problems) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n${result.reports.length} quizzes checked for ${STUDENTS.length} students each (${MORE_STUDENTS.length} for parameterised questions), ${problems.length} problem(s), slowest grading ${result.slowest.toFixed(2)} ms, ${secs} s\n`);
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exit(main());
} catch (err) {
  process.stderr.write(`validate-quizzes: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}
