import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { inputRng } from '../../grader/harness/inputs';
import { importChecks } from '../../grader/harness/prepare';
import { loadExercises, type Exercise } from '../../lib/content/loader';
import { readMistakeSource } from '../../lib/content/mistakes';

/**
 * The server is the only authority (issue 16 §1): no reference solution, catalogued mistake or
 * hidden check input may reach the browser. After the production build (global setup), every
 * client file (.next/static and public/) is scanned for strings only those files hold, and the
 * exercise pages a student receives (which carry the live checks' examples) are scanned too.
 */

const baseURL = inject('baseURL');
const ROOT = process.cwd();

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(js|mjs|json|html|css|map|txt)$/.test(name)) out.push(p);
  }
  return out;
}

/** Lines of a secret file that are its own: long enough to be telling, and not in anything public. */
function telltaleLines(text: string, publicText: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 28 && !l.startsWith('//') && !l.startsWith('*') && !l.startsWith('/*') && !l.startsWith('import ') && !publicText.includes(l));
}

/** Numbers of hidden inputs that could not appear by chance (random floats printed in full). */
function telltaleNumbers(value: unknown, out: Set<string>): void {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) && String(value).replace(/[-.e]/g, '').length >= 12) out.add(String(value));
  } else if (Array.isArray(value)) for (const v of value) telltaleNumbers(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) telltaleNumbers(v, out);
}

async function secretsOf(exercise: Exercise): Promise<{ lines: string[]; numbers: string[] }> {
  const dir = path.dirname(exercise.files.checks);
  const publicText = ['starter.ts', 'exercise.md', 'exercise.zh.md']
    .map((f) => {
      try {
        return readFileSync(path.join(dir, f), 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
  // A mistake is the solution with its patch applied: look for the module that is graded.
  const sources = [...(exercise.files.solution ? [readFileSync(exercise.files.solution, 'utf8')] : []), ...exercise.files.mistakes.map((m) => readMistakeSource(exercise.files.solution, m.path))];
  const lines = sources.flatMap((text) => telltaleLines(text, publicText));
  const numbers = new Set<string>();
  const spec = await importChecks(exercise);
  for (const check of spec.checks) {
    if (check.visibility === 'example') continue;
    const inputs = typeof check.inputs === 'function' ? check.inputs(inputRng(`${exercise.id}/${check.name}`)) : check.inputs;
    telltaleNumbers(inputs, numbers);
  }
  return { lines, numbers: [...numbers] };
}

describe('no hidden content in what the browser receives', () => {
  const { exercises } = loadExercises();

  it('the client bundles and public files hold no solution, mistake or hidden input', async () => {
    const clientFiles = [...files(path.join(ROOT, '.next', 'static')), ...files(path.join(ROOT, 'public', 'live'))];
    expect(clientFiles.length).toBeGreaterThan(5);
    const text = clientFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
    let scanned = 0;
    const leaks: string[] = [];
    for (const exercise of exercises) {
      const { lines, numbers } = await secretsOf(exercise);
      scanned += lines.length + numbers.length;
      for (const s of [...lines, ...numbers]) if (text.includes(s)) leaks.push(`${exercise.id}: ${s}`);
    }
    // The scan is only meaningful when there is something to look for.
    expect(scanned).toBeGreaterThan(200);
    expect(leaks).toEqual([]);
  }, 120_000);

  it.skipIf(!baseURL)('the exercise pages (with their live examples) hold no solution, mistake or hidden input', async () => {
    const pages = exercises.filter((e) => ['4.1', '4.2', '4.3', '4.4'].includes(e.section));
    expect(pages.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    let withExamples = 0;
    for (const exercise of pages) {
      const html = await (await fetch(`${baseURL}/exercises/${exercise.id}`)).text();
      if (html.includes('callSource')) withExamples++;
      const { lines, numbers } = await secretsOf(exercise);
      for (const s of [...lines, ...numbers]) if (html.includes(s) || html.includes(JSON.stringify(s).slice(1, -1))) leaks.push(`${exercise.id}: ${s}`);
    }
    // The pages did carry their examples (the live strip's data), so the check looked at them.
    expect(withExamples).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  }, 300_000);
});
