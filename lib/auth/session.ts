import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getDb } from '../db';
import { getAuth } from './auth';
import { offeringFromCookie, resolveOffering } from './offering';
import { asRole, type Viewer } from './roles';

export type { Viewer } from './roles';

/** Who sent these request headers, or null. */
export async function viewerFromHeaders(requestHeaders: Headers): Promise<Viewer | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: unknown; locale?: unknown };
  const role = asRole(user.role);
  const offering = await resolveOffering(await getDb(), { id: user.id, role }, offeringFromCookie(requestHeaders.get('cookie')));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role,
    locale: typeof user.locale === 'string' ? user.locale : null,
    offering,
  };
}

/** The signed-in person for this render or action (looked up once per request). */
export const getViewer = cache(async (): Promise<Viewer | null> => viewerFromHeaders(await headers()));
