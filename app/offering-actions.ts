'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { OFFERING_COOKIE } from '../lib/auth/offering';
import { getViewer } from '../lib/auth/session';
import { cookiesAreSecure } from '../lib/site/account';
import { AccessError } from '../lib/site/errors';
import { joinOffering, maySwitchTo } from '../lib/site/offerings';

/**
 * Switching and joining offerings (public POST endpoints like every server action): the cookie is
 * only set for an offering the viewer may act in, and lib/auth/offering.ts checks it again on
 * every request, so a forged cookie is ignored there.
 */

async function setOfferingCookie(offeringId: string): Promise<void> {
  (await cookies()).set(OFFERING_COOKIE, offeringId, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true, secure: cookiesAreSecure() });
}

/** Only a path of this site: never an open redirect. */
function backTo(form: FormData): string {
  const back = form.get('back');
  return typeof back === 'string' && /^\/(?!\/)[\w\-./[\]]*$/.test(back) ? back : '/';
}

export async function switchOfferingAction(form: FormData): Promise<void> {
  const offeringId = form.get('offeringId');
  if (typeof offeringId === 'string' && (await maySwitchTo(await getViewer(), offeringId))) await setOfferingCookie(offeringId);
  // The page is drawn again in the chosen offering (without its query: ids of the old one mean nothing there).
  redirect(backTo(form));
}

export async function joinOfferingAction(form: FormData): Promise<void> {
  let joined: { id: string } | undefined;
  try {
    joined = await joinOffering(await getViewer(), form.get('joinCode'));
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    redirect(err.status === 401 ? '/sign-in?next=/offerings' : '/offerings?error=badCode');
  }
  await setOfferingCookie(joined.id);
  redirect('/offerings?joined=1');
}
