import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';

/** Chromium, headless, with nothing of its own phoning home. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = createRequire(path.join(process.cwd(), 'package.json'))('playwright-core') as typeof import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
