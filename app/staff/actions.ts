'use server';

import { getViewer } from '../../lib/auth/session';
import { currentLocale } from '../../lib/site/locale';
import { AccessError } from '../../lib/site/errors';
import { setDeadline } from '../../lib/staff/deadlines';
import { overrideScore } from '../../lib/staff/overrides';
import { startRegrade } from '../../lib/staff/regrade';
import { deactivateStudent, importRoster, reactivateStudent, resetStudentPassword, type ImportResult } from '../../lib/staff/roster';

/**
 * The course staff's server actions. Each is a public POST endpoint that any page could post: the
 * functions in lib/staff check who is asking (staff or instructor, else 403) and re-parse the input.
 */

export interface ActionState<T = undefined> {
  ok: boolean;
  /** 400/401/403/404 from lib/staff, so callers and tests can tell a refusal from a failure. */
  status?: number;
  reason?: string;
  data?: T;
}

async function run<T>(work: () => Promise<T>): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    if (err instanceof AccessError) return { ok: false, status: err.status, reason: err.message };
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

export async function setDeadlineAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    const [kind, ...rest] = text(form, 'target').split(':');
    // Dates stay wall clocks here: lib/staff/deadlines.ts reads them in the offering's time zone.
    await setDeadline(await getViewer(), { kind, targetId: rest.join(':'), ...windowFields(form) }, { locale: await currentLocale() });
    return undefined;
  });
}

export async function importRosterAction(_prev: ActionState<ImportResult> | null, form: FormData): Promise<ActionState<ImportResult>> {
  return run(async () => {
    const viewer = await getViewer();
    const file = form.get('file');
    const csv = file instanceof File && file.size > 0 ? await file.text() : text(form, 'csv');
    return importRoster(viewer, { csv, createAccounts: form.get('createAccounts') === 'on' });
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
    const runDto = await startRegrade(await getViewer(), { exerciseId: text(form, 'exerciseId'), userId: userId || undefined });
    return { runId: runDto.id };
  });
}
