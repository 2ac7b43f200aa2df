/**
 * After `npm install`: proves that a build of isolated-vm (the sandbox engine) loads in this
 * Node.js and runs code. Both builds are optional dependencies (see grader/sandbox/engine.ts), so
 * npm drops one that fails to compile without a word; this makes a missing engine loud instead.
 */
import { createRequire } from 'node:module';
import type IsolatedVM from 'isolated-vm';

const require = createRequire(import.meta.url);
const problems: string[] = [];
for (const name of ['isolated-vm', 'isolated-vm-7']) {
  try {
    const ivm = require(name) as typeof IsolatedVM;
    const isolate = new ivm.Isolate({ memoryLimit: 8 });
    const two: unknown = isolate.compileScriptSync('1 + 1').runSync(isolate.createContextSync());
    isolate.dispose();
    if (two !== 2) throw new Error(`ran 1 + 1 and got ${String(two)}`);
    const { version } = require(`${name}/package.json`) as { version: string };
    console.log(`deltalab: sandbox engine isolated-vm ${version} works on Node.js ${process.versions.node}`);
    process.exit(0);
  } catch (err) {
    problems.push(`  ${name}: ${String((err as Error).message).split('\n')[0]}`);
  }
}
console.error(
  [
    '',
    `deltalab: no build of isolated-vm works on Node.js ${process.versions.node}; the grader cannot run.`,
    ...problems,
    'Use Node.js 20, 22 or 24 with python3, make and g++ installed, then run npm install again.',
    '',
  ].join('\n'),
);
process.exit(1);
