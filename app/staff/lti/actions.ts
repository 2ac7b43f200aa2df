'use server';

import { unstable_rethrow } from 'next/navigation';
import { getViewer } from '../../../lib/auth/session';
import { AccessError } from '../../../lib/site/errors';
import {
  PLATFORM_FIELDS,
  PlatformFormError,
  registerPlatformAsStaff,
  removePlatformAsStaff,
  resendScoreAsStaff,
  rotateSigningKey,
  syncRosterAsStaff,
  updatePlatformAsStaff,
  type PlatformField,
  type PlatformFieldError,
} from '../../../lib/staff/lti';
import type { RosterSync } from '../../../lib/lti/nrps';

/**
 * The LMS connections page's server actions: public POST endpoints, so lib/staff/lti.ts checks who
 * asks (an instructor of a live offering) and re-parses everything. Each answers with a small
 * state the form shows; the page's lists are redrawn by the client after a success.
 */
export interface LtiActionState<T = undefined> {
  ok: boolean;
  status?: number;
  reason?: string;
  /** Fields of the platform form that did not validate, with why (lti.staff.errors). */
  fields?: Partial<Record<PlatformField, PlatformFieldError>>;
  /** What was typed, given back with a refusal so the form shows it again (React resets forms after an action). */
  values?: Record<PlatformField, string>;
  data?: T;
  /** Changes on every answer, so the same result twice still redraws. */
  at: number;
}

async function run<T>(work: () => Promise<T>): Promise<LtiActionState<T>> {
  try {
    return { ok: true, data: await work(), at: Date.now() };
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof PlatformFormError) return { ok: false, status: 400, fields: err.fields, at: Date.now() };
    if (err instanceof AccessError) return { ok: false, status: err.status, reason: err.message, at: Date.now() };
    console.error('[deltalab] LTI staff action failed:', err);
    return { ok: false, status: 500, reason: err instanceof Error ? err.message : 'error', at: Date.now() };
  }
}

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

function platformFields(form: FormData): Record<PlatformField, string> {
  return Object.fromEntries(PLATFORM_FIELDS.map((f) => [f, text(form, f)])) as Record<PlatformField, string>;
}

export async function savePlatformAction(_prev: LtiActionState<{ id: string }> | null, form: FormData): Promise<LtiActionState<{ id: string }>> {
  const values = platformFields(form);
  const state = await run(async () => {
    const id = text(form, 'id');
    const platform = id ? await updatePlatformAsStaff(await getViewer(), id, values) : await registerPlatformAsStaff(await getViewer(), values);
    return { id: platform.id };
  });
  return state.ok ? state : { ...state, values: Object.fromEntries(PLATFORM_FIELDS.map((f) => [f, values[f].slice(0, 25_000)])) as Record<PlatformField, string> };
}

export async function removePlatformAction(_prev: LtiActionState | null, form: FormData): Promise<LtiActionState> {
  return run(async () => {
    await removePlatformAsStaff(await getViewer(), text(form, 'id'));
    return undefined;
  });
}

export async function rotateKeyAction(_prev: LtiActionState<{ kid: string }> | null): Promise<LtiActionState<{ kid: string }>> {
  return run(async () => rotateSigningKey(await getViewer()));
}

export async function resendScoreAction(_prev: LtiActionState<{ id: string }> | null, form: FormData): Promise<LtiActionState<{ id: string }>> {
  return run(async () => resendScoreAsStaff(await getViewer(), text(form, 'id')));
}

export async function syncRosterAction(_prev: LtiActionState<RosterSync> | null): Promise<LtiActionState<RosterSync>> {
  return run(async () => syncRosterAsStaff(await getViewer()));
}
