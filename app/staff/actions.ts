'use server';

import { unstable_rethrow } from 'next/navigation';
import { getViewer } from '../../lib/auth/session';
import { currentLocale } from '../../lib/site/locale';
import { AccessError } from '../../lib/site/errors';
import { setDeadline } from '../../lib/staff/deadlines';
import { overrideItem, overrideScore, removeOverride } from '../../lib/staff/overrides';
import { applyRegrade, startRegrade } from '../../lib/staff/regrade';
import { createResetLink, deactivateAccount, reactivateAccount, setAccountRole, type ResetLinkResult } from '../../lib/staff/accounts';
import { currentMessages } from '../../lib/site/locale';
import { EncodingRefusal } from '../../lib/staff/encoding';
import { deactivateStudent, importRoster, reactivateStudent, removePendingEntry, resetStudentPassword, updatePendingEntry, type ImportResult } from '../../lib/staff/roster';

/**
 * The course staff's server actions. Each is a public POST endpoint that any page could post: the
 * functions in lib/staff check who is asking (staff or instructor, else 403) and re-parse the input.
 */

export interface ActionState<T = undefined> {
  ok: boolean;
  /** 400/401/403/404 from lib/staff, so callers and tests can tell a refusal from a failure. */
  status?: number;
  reason?: string;
  /** A refusal's machine-readable name, when it has one (LAST_INSTRUCTOR). */
  code?: string;
  data?: T;
}

async function run<T>(work: () => Promise<T>): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    // getViewer() sends someone who must change a temporary password there: let Next.js redirect.
    unstable_rethrow(err);
    if (err instanceof AccessError) return { ok: false, status: err.status, reason: err.message, code: (err as AccessError & { code?: string }).code };
    console.error('[deltalab] staff action failed:', err);
    return { ok: false, status: 500, reason: err instanceof Error ? err.message : 'error' };
  }
}

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

/** The fields of the Deadlines form; dates as typed (wall clocks), empty = not set. */
function windowFields(form: FormData) {
  const policy = text(form, 'policy');
  const maxAttempts = text(form, 'maxAttempts').trim();
  const counts = text(form, 'counts');
  return {
    opensAt: text(form, 'opensAt'),
    dueAt: text(form, 'dueAt'),
    closeAt: text(form, 'closeAt'),
    latePolicy:
      policy === 'none' ? { kind: 'none' } : policy === 'per-day' ? { kind: 'per-day', percent: Number(text(form, 'percent')) } : policy === 'factor' ? { kind: 'factor', factor: Number(text(form, 'factor')) } : null,
    maxAttempts: maxAttempts === '' ? null : Number(maxAttempts),
    counts: counts === 'best' || counts === 'last' ? counts : null,
  };
}

export async function overrideAction(_prev: ActionState<{ oldScore: number | null; newScore: number }> | null, form: FormData) {
  return run(async () => overrideScore(await getViewer(), { submissionId: text(form, 'submissionId'), percent: Number(text(form, 'percent')), reason: text(form, 'reason') }));
}

export async function removeOverrideAction(_prev: ActionState<{ oldScore: number | null; newScore: number | null }> | null, form: FormData) {
  return run(async () => removeOverride(await getViewer(), { submissionId: text(form, 'submissionId'), reason: text(form, 'reason') }));
}

/** A whole item's score for one student; an empty percent removes it. */
export async function itemOverrideAction(_prev: ActionState<{ oldScore: number | null; newScore: number | null }> | null, form: FormData) {
  return run(async () => {
    const percent = text(form, 'percent').trim();
    return overrideItem(await getViewer(), { userId: text(form, 'userId'), kind: text(form, 'kind'), itemId: text(form, 'itemId'), percent: percent === '' ? null : Number(percent), reason: text(form, 'reason') });
  });
}

export async function applyRegradeAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await applyRegrade(await getViewer(), text(form, 'runId'));
    return undefined;
  });
}

export async function setDeadlineAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    const [kind, ...rest] = text(form, 'target').split(':');
    // Dates stay wall clocks here: lib/staff/deadlines.ts reads them in the offering's time zone.
    await setDeadline(await getViewer(), { kind, targetId: rest.join(':'), ...windowFields(form) }, { locale: await currentLocale() });
    return undefined;
  });
}

/** The file goes on as bytes: its encoding is detected in lib/staff (File.text() would assume UTF-8). */
export async function importRosterAction(_prev: ActionState<ImportResult> | null, form: FormData): Promise<ActionState<ImportResult>> {
  return run(async () => {
    const viewer = await getViewer();
    const file = form.get('file');
    const createAccounts = form.get('createAccounts') === 'on';
    try {
      if (file instanceof File && file.size > 0) return await importRoster(viewer, { bytes: new Uint8Array(await file.arrayBuffer()), createAccounts });
      return await importRoster(viewer, { csv: text(form, 'csv'), createAccounts });
    } catch (err) {
      // A file we refuse to read is explained in the reader's language: they have to fix it.
      if (err instanceof EncodingRefusal) throw new AccessError(400, (await currentMessages()).t.course.roster.encoding[err.code]);
      throw err;
    }
  });
}

export async function updateRosterEntryAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await updatePendingEntry(await getViewer(), { email: text(form, 'email'), newEmail: text(form, 'newEmail'), name: text(form, 'name'), studentNumber: text(form, 'studentNumber') });
    return undefined;
  });
}

export async function removeRosterEntryAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await removePendingEntry(await getViewer(), { email: text(form, 'email') });
    return undefined;
  });
}

export async function resetPasswordAction(_prev: ActionState<{ email: string; password: string }> | null, form: FormData) {
  return run(async () => resetStudentPassword(await getViewer(), { userId: text(form, 'userId') }));
}

export async function deactivateAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await deactivateStudent(await getViewer(), { userId: text(form, 'userId') });
    return undefined;
  });
}

export async function reactivateAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await reactivateStudent(await getViewer(), { userId: text(form, 'userId') });
    return undefined;
  });
}

export async function startRegradeAction(_prev: ActionState<{ runId: string }> | null, form: FormData): Promise<ActionState<{ runId: string }>> {
  return run(async () => {
    const userId = text(form, 'userId');
    const runDto = await startRegrade(await getViewer(), { exerciseId: text(form, 'exerciseId'), userId: userId || undefined, dryRun: text(form, 'dryRun') === '1' });
    return { runId: runDto.id };
  });
}

export async function resetLinkAction(_prev: ActionState<ResetLinkResult> | null, form: FormData): Promise<ActionState<ResetLinkResult>> {
  return run(async () => createResetLink(await getViewer(), { userId: text(form, 'userId') }));
}

export async function setRoleAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await setAccountRole(await getViewer(), { userId: text(form, 'userId'), role: text(form, 'role') });
    return undefined;
  });
}

export async function deactivateAccountAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await deactivateAccount(await getViewer(), { userId: text(form, 'userId') });
    return undefined;
  });
}

export async function reactivateAccountAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await reactivateAccount(await getViewer(), { userId: text(form, 'userId') });
    return undefined;
  });
}
