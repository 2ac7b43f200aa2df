'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { OFFERING_COOKIE } from '../../../lib/auth/offering';
import { getViewer } from '../../../lib/auth/session';
import { cookiesAreSecure } from '../../../lib/site/account';
import { AccessError } from '../../../lib/site/errors';
import { addOfferingStaff, createOffering, removeOfferingStaff, rotateJoinCode, setArchived, setOfferingStaffRole, updateOffering } from '../../../lib/staff/offerings';

/**
 * The offering page's server actions (public POST endpoints: lib/staff checks who asks and
 * re-parses). Each answers by drawing the page again with what happened in its query, so the
 * forms work without JS.
 */

const PAGE = '/staff/offerings';

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

/** A refusal as the page shows it: a known case by its message key, else the reason itself. */
function refusal(err: unknown): string {
  if (!(err instanceof AccessError)) throw err;
  if (err.status === 400 && /time zone/.test(err.message)) return 'error=badTimeZone';
  if (err.status === 404 && /no account/.test(err.message)) return 'error=noAccount';
  if (err.status === 403) return 'error=onlyInstructor';
  return `reason=${encodeURIComponent(err.message)}`;
}

async function run(work: () => Promise<string>): Promise<never> {
  let query: string;
  try {
    query = await work();
  } catch (err) {
    query = refusal(err);
  }
  redirect(`${PAGE}?${query}`);
}

export async function createOfferingAction(form: FormData): Promise<void> {
  await run(async () => {
    const created = await createOffering(await getViewer(), { title: text(form, 'title'), term: text(form, 'term'), timeZone: text(form, 'timeZone'), copyFrom: text(form, 'copyFrom') || undefined });
    if (form.get('switch') === 'on') {
      (await cookies()).set(OFFERING_COOKIE, created.id, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true, secure: cookiesAreSecure() });
    }
    return `created=${encodeURIComponent(created.title)}`;
  });
}

export async function updateOfferingAction(form: FormData): Promise<void> {
  await run(async () => {
    await updateOffering(await getViewer(), { title: text(form, 'title'), term: text(form, 'term'), timeZone: text(form, 'timeZone') });
    return 'ok=saved';
  });
}

export async function rotateJoinCodeAction(): Promise<void> {
  await run(async () => {
    await rotateJoinCode(await getViewer());
    return 'ok=rotated';
  });
}

export async function setArchivedAction(form: FormData): Promise<void> {
  await run(async () => {
    const archived = text(form, 'archived') === 'true';
    await setArchived(await getViewer(), { archived });
    return archived ? 'ok=archivedNow' : 'ok=unarchivedNow';
  });
}

export async function addStaffAction(form: FormData): Promise<void> {
  await run(async () => {
    const added = await addOfferingStaff(await getViewer(), { email: text(form, 'email'), role: text(form, 'role') });
    return `added=${encodeURIComponent(added.email)}`;
  });
}

export async function setStaffRoleAction(form: FormData): Promise<void> {
  await run(async () => {
    await setOfferingStaffRole(await getViewer(), { userId: text(form, 'userId'), role: text(form, 'role') });
    return 'ok=saved';
  });
}

export async function removeStaffAction(form: FormData): Promise<void> {
  await run(async () => {
    await removeOfferingStaff(await getViewer(), { userId: text(form, 'userId') });
    return 'ok=removed';
  });
}
