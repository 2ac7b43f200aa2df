/**
 * After `npm install`: proves that a build of isolated-vm (the sandbox engine) loads in this
 * Node.js and runs code. Both builds are optional dependencies (see grader/sandbox/engine.ts), so
 * npm drops one that fails to compile without a word; this makes a missing engine loud instead.
 */
import { loadEngine } from '../grader/sandbox/engine';

try {
  const { ivm, version } = loadEngine();
  const isolate = new ivm.Isolate({ memoryLimit: 8 });
  const two: unknown = isolate.compileScriptSync('1 + 1').runSync(isolate.createContextSync());
  isolate.dispose();
  if (two !== 2) throw new Error(`isolated-vm ${version} ran 1 + 1 and got ${String(two)}`);
  console.log(`deltalab: sandbox engine isolated-vm ${version} works on Node.js ${process.versions.node}`);
} catch (err) {
  console.error(`\ndeltalab: the grader cannot run. ${(err as Error).message}\nInstall python3, make and g++ if they are missing, then run npm install again.\n`);
  process.exit(1);
}
