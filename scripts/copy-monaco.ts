/**
 * Copies Monaco's prebuilt files (node_modules/monaco-editor/min/vs) to public/monaco/vs, so the
 * editor is served from this site and no request leaves for a CDN. Runs before `dev`, `build` and
 * `start`; skips the copy when the files for this Monaco version are already there.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const require = createRequire(path.join(root, 'package.json'));
const pkgDir = packageDir(require.resolve('monaco-editor'));
const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
const source = path.join(pkgDir, 'min', 'vs');
const target = path.join(root, 'public', 'monaco', 'vs');
const stamp = path.join(root, 'public', 'monaco', 'VERSION');

const manifest = path.join(root, 'public', 'monaco', 'manifest.json');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version && existsSync(path.join(target, 'loader.js')) && existsSync(manifest)) {
  process.exit(0);
}
rmSync(path.join(root, 'public', 'monaco'), { recursive: true, force: true });
cpSync(source, target, { recursive: true });
writeFileSync(manifest, `${JSON.stringify({ version, preload: preloadList(target) }, null, 2)}\n`);
writeFileSync(stamp, `${version}\n`);
console.log(`monaco-editor ${version} copied to public/monaco/vs`);

/**
 * The files the AMD loader fetches first (the loader, editor.main and the chunks it names), so the
 * exercise page can ask the browser to download them while it is still hydrating.
 */
function preloadList(vs: string): { href: string; as: 'script' | 'style' }[] {
  const main = readFileSync(path.join(vs, 'editor', 'editor.main.js'), 'utf8');
  const deps = /define\("vs\/editor\/editor\.main",\[([^\]]*)\]/.exec(main)?.[1] ?? '';
  const chunks = [...deps.matchAll(/"\.\.\/([\w.-]+)"/g)]
    .map((m) => `${m[1]}.js`)
    .filter((file) => existsSync(path.join(vs, file)) && !file.includes('.worker'));
  return [
    { href: '/monaco/vs/loader.js', as: 'script' },
    { href: '/monaco/vs/editor/editor.main.js', as: 'script' },
    { href: '/monaco/vs/editor/editor.main.css', as: 'style' },
    ...chunks.map((file) => ({ href: `/monaco/vs/${file}`, as: 'script' as const })),
  ];
}

/** monaco-editor does not export its package.json: walk up from its entry point. */
function packageDir(entry: string): string {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'monaco-editor') return dir;
  }
  throw new Error('monaco-editor is not installed');
}
