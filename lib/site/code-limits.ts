import { DEFAULT_MAX_SOURCE_BYTES } from '../../grader/sandbox/transpile';
import type { Locale } from '../i18n/locales';
import { t } from '../i18n/t';
import type { Exercise } from '../content/loader';
import { AccessError } from './errors';

/**
 * How much code the site stores and sends to the grader: exactly what the grader accepts. The
 * grader refuses a file over the exercise's `limits.sourceBytes` (grader/grade.ts) and, whatever an
 * exercise says, over the transpiler's own cap (grader/sandbox/transpile.ts); both are read here,
 * never restated, so the site cannot store code the grader would refuse.
 */
export function codeLimitBytes(exercise: Pick<Exercise, 'limits'>): number {
  return Math.min(exercise.limits.sourceBytes, DEFAULT_MAX_SOURCE_BYTES);
}

/** The largest code any exercise accepts (drafts are kept up to this). */
export const MAX_CODE_BYTES = DEFAULT_MAX_SOURCE_BYTES;

/** 413 with a sentence in the student's language when `code` is over `limit` UTF-8 bytes. */
export function requireCodeWithin(code: string, limit: number, locale: Locale): void {
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes <= limit) return;
  throw new AccessError(413, t(locale, 'limits.codeTooLarge', { size: Math.ceil(bytes / 1024), limit: Math.floor(limit / 1024) }));
}
