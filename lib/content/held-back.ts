import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which items students may see. An item is held back when its author marked it `draft: true`, when
 * its texts fail the checks that need no grader (both languages, KaTeX in strict mode: the loaders
 * run them), or when the last validation of its current version (`npm run exercises:validate`, the
 * authoring page) failed: the record below. Staff still see held-back items in authoring and
 * preview, with the reason.
 *
 * The record is keyed by item id and version (content hash), so an edit makes an old verdict void
 * and the next validation decides again.
 */

export interface ValidationRecord {
  version: string;
  ok: boolean;
  problems: string[];
  at: string;
}

export function validationRecordFile(): string {
  return process.env.DELTALAB_VALIDATION_FILE ?? path.join(/*turbopackIgnore: true*/ process.env.DELTALAB_DATA_DIR ?? path.join(process.cwd(), 'data'), 'content-validation.json');
}

export function readValidationRecords(): Record<string, ValidationRecord> {
  const file = validationRecordFile();
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ValidationRecord>;
  } catch {
    return {};
  }
}

/** Merges verdicts into the record (atomically: a reader never sees half a file). */
export function writeValidationRecords(verdicts: Record<string, ValidationRecord>): void {
  const file = validationRecordFile();
  mkdirSync(path.dirname(file), { recursive: true });
  const next = { ...readValidationRecords(), ...verdicts };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 1)}\n`);
  renameSync(tmp, file);
}

/** Why an item is hidden from students, or null when it is shown. */
export function holdReason(item: { id: string; version: string; draft?: boolean }, staticProblems: string[], records: Record<string, ValidationRecord>): string | null {
  if (item.draft) return 'draft: true in its front matter';
  if (staticProblems.length > 0) return `fails validation: ${staticProblems[0]}`;
  const r = records[item.id];
  if (r && r.version === item.version && !r.ok) return `its last validation failed: ${r.problems[0] ?? 'see the authoring page'}`;
  return null;
}
