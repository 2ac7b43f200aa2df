/**
 * `npm run exercises:validate [-- id…]`: validates the exercises (scripts/validate-exercises.ts) and
 * the quizzes (scripts/validate-quizzes.ts), each given the same arguments, so naming one item
 * validates only that item. Exit 1 when either finds a problem.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
let code = 0;
for (const script of ['scripts/validate-exercises.ts', 'scripts/validate-quizzes.ts']) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
  if (r.status !== 0) code = 1;
}
process.exit(code);
