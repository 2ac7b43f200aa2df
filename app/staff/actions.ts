'use server';

import { getViewer } from '../../lib/auth/session';
import { AccessError } from '../../lib/site/errors';
import { setDeadline } from '../../lib/staff/deadlines';
import { overrideItem, overrideScore, removeOverride } from '../../lib/staff/overrides';
import { applyRegrade, startRegrade } from '../../lib/staff/regrade';
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

/** "2026-11-27T09:00" (a datetime-local field, read as UTC) → epoch ms; empty → null. */
function utcField(form: FormData, key: string): number | null | undefined {
  const v = text(form, key).trim();
  if (v === '') return null;
  const ms = Date.parse(/Z$|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isFinite(ms) ? ms : undefined;
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
    const viewer = await getViewer();
    const [kind, ...rest] = text(form, 'target').split(':');
    const opensAt = utcField(form, 'opensAt');
    const dueAt = utcField(form, 'dueAt');
    if (opensAt === undefined || dueAt === undefined) throw new AccessError(400, 'dates must look like 2026-11-27T09:00');
    await setDeadline(viewer, { kind, targetId: rest.join(':'), opensAt, dueAt });
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
    const runDto = await startRegrade(await getViewer(), { exerciseId: text(form, 'exerciseId'), userId: userId || undefined, dryRun: text(form, 'dryRun') === '1' });
    return { runId: runDto.id };
  });
}
