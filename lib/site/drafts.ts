import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { getDb } from '../db';
import { getDraft as readDraft, saveDraft as writeDraft } from '../db/drafts';
import type { Locale } from '../i18n/catalog';
import { MAX_CODE_BYTES, requireCodeWithin } from './code-limits';
import { AccessError } from './errors';

// A draft is kept up to the largest code any exercise accepts (lib/site/code-limits.ts).
export const DraftInput = z.object({ code: z.string() });

export async function getDraft(viewer: Viewer | null, exerciseId: string): Promise<{ code: string; updatedAt: number } | null> {
  if (!viewer) return null;
  return (await readDraft(await getDb(), viewer.id, exerciseId)) ?? null;
}

export async function saveDraft(viewer: Viewer | null, exerciseId: string, input: unknown, locale: Locale = 'en'): Promise<{ updatedAt: number }> {
  if (!viewer) throw new AccessError(401, 'sign in first');
  if (!getCatalog().byId.has(exerciseId)) throw new AccessError(404, 'no such exercise');
  const parsed = DraftInput.safeParse(input);
  if (!parsed.success) throw new AccessError(400, 'invalid draft');
  requireCodeWithin(parsed.data.code, MAX_CODE_BYTES, locale);
  return { updatedAt: await writeDraft(await getDb(), viewer.id, exerciseId, parsed.data.code) };
}
