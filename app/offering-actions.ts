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

async function setOfferingCookie(offeringId: string, embedded: boolean): Promise<void> {
  // Inside an LMS frame (an embedded LTI session) a Lax cookie is neither sent nor kept: the
  // switch would silently not happen there. The launch sets it cross-site; keep it so.
  const attributes = embedded ? ({ sameSite: 'none', secure: true } as const) : ({ sameSite: 'lax', secure: cookiesAreSecure() } as const);
  (await cookies()).set(OFFERING_COOKIE, offeringId, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: true, ...attributes });
}

/** Only a path of this site: never an open redirect. */
function backTo(form: FormData): string {
  const back = form.get('back');
  return typeof back === 'string' && /^\/(?!\/)[\w\-./[\]]*$/.test(back) ? back : '/';
}

export async function switchOfferingAction(form: FormData): Promise<void> {
  const offeringId = form.get('offeringId');
  const viewer = await getViewer();
  if (typeof offeringId === 'string' && (await maySwitchTo(viewer, offeringId))) await setOfferingCookie(offeringId, Boolean(viewer?.embedded));
  // The page is drawn again in the chosen offering (without its query: ids of the old one mean nothing there).
  redirect(backTo(form));
}

export async function joinOfferingAction(form: FormData): Promise<void> {
  let joined: { id: string } | undefined;
  const viewer = await getViewer();
  try {
    joined = await joinOffering(viewer, form.get('joinCode'));
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    redirect(err.status === 401 ? '/sign-in?next=/offerings' : '/offerings?error=badCode');
  }
  await setOfferingCookie(joined.id, Boolean(viewer?.embedded));
  redirect('/offerings?joined=1');
}
