/**
 * `npm start`: serve the production build on http://localhost:3000 (PORT changes the port). On a
 * fresh clone there is no build yet: it copies Monaco into public/, runs `next build` (saying so),
 * then starts. The first start also creates the database and prints the demo instructor's
 * credentials and the course join code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const require = createRequire(path.join(root, 'package.json'));
const nextBin = require.resolve('next/dist/bin/next');
const port = process.env.PORT ?? '3000';
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: port };

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env, cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run([require.resolve('tsx/cli'), path.join(root, 'scripts', 'copy-monaco.ts')]);

if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.log('No production build found: running `next build` first (this takes a minute or two).');
  run([nextBin, 'build']);
}

const server = spawn(process.execPath, [nextBin, 'start', '--port', port], { stdio: 'inherit', env, cwd: root });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
