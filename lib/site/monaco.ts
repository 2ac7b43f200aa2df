import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface MonacoPreload {
  href: string;
  as: 'script' | 'style';
}

let cached: MonacoPreload[] | undefined;

/** The Monaco files worth fetching early (written by scripts/copy-monaco.ts); none if missing. */
export function monacoPreloads(): MonacoPreload[] {
  if (cached) return cached;
  try {
    const file = path.join(/*turbopackIgnore: true*/ process.cwd(), 'public', 'monaco', 'manifest.json');
    cached = (JSON.parse(readFileSync(file, 'utf8')) as { preload: MonacoPreload[] }).preload;
  } catch {
    cached = [];
  }
  return cached;
}
