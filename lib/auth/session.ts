import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getDb } from '../db';
import { getAuth } from './auth';
import { isEmbeddedSession } from './embedded-cookies';
import { offeringFromCookie, resolveOffering } from './offering';
import { asRole, type Viewer } from './roles';

export type { Viewer } from './roles';

/** The page where a person with a temporary password must choose their own (and nothing else). */
export const CHANGE_PASSWORD_PATH = '/account/password';

/** Who holds this session, whether or not they still have to change a temporary password. */
export async function sessionViewerFromHeaders(requestHeaders: Headers): Promise<Viewer | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: unknown; locale?: unknown; mustChangePassword?: unknown };
  const role = asRole(user.role);
  const offering = await resolveOffering(await getDb(), { id: user.id, role }, offeringFromCookie(requestHeaders.get('cookie')));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role,
    locale: typeof user.locale === 'string' ? user.locale : null,
    offering,
    mustChangePassword: Boolean(user.mustChangePassword),
    embedded: isEmbeddedSession(session),
  };
}

/**
 * Who sent these request headers, or null. Someone who must still change a temporary password
 * counts as signed out for every API (401) until they have: they can do nothing else first.
 */
export async function viewerFromHeaders(requestHeaders: Headers): Promise<Viewer | null> {
  const viewer = await sessionViewerFromHeaders(requestHeaders);
  return viewer?.mustChangePassword ? null : viewer;
}

/** The session's person for this render, even one who must change a temporary password. */
export const getSessionViewer = cache(async (): Promise<Viewer | null> => sessionViewerFromHeaders(await headers()));

/**
 * The signed-in person for this render or action (looked up once per request). A person who must
 * still change a temporary password is sent to the page for that, from any page or action.
 * Only the layout, the language and that page itself read getSessionViewer instead.
 */
export async function getViewer(): Promise<Viewer | null> {
  const viewer = await getSessionViewer();
  if (viewer?.mustChangePassword) {
    // Imported here, not at the top: next/navigation pulls in client React, which route handlers
    // run outside Next.js (the queue's multi-process test server, under react-server) cannot load.
    const { redirect } = await import('next/navigation');
    redirect(CHANGE_PASSWORD_PATH);
  }
  return viewer;
}
