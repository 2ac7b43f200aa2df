import type { Kysely } from 'kysely';
import type { Database } from '../db';
import { getDefaultOffering, getOffering, membershipsOf } from '../db/offerings';
import type { Role, ViewerOffering } from './roles';

/** The cookie naming the offering a person last switched to (staff switch in the header). */
export const OFFERING_COOKIE = 'deltalab-offering';

export function offeringFromCookie(header: string | null | undefined): string | null {
  const m = /(?:^|;\s*)deltalab-offering=([0-9A-Za-z-]{1,64})(?:;|$)/.exec(header ?? '');
  return m?.[1] ?? null;
}

/**
 * Which offering a request acts in. The one the cookie names when the person is an active member
 * of it; else their newest open membership, else their newest; site instructors may act in any
 * offering (as its instructor), and site staff without a membership act in the first offering.
 * A student who belongs to no offering acts in none.
 */
export async function resolveOffering(db: Kysely<Database>, user: { id: string; role: Role }, wanted: string | null): Promise<ViewerOffering | null> {
  const memberships = await membershipsOf(db, user.id);
  const chosen = wanted ? memberships.find((m) => m.offering.id === wanted) : undefined;
  if (chosen) return { id: chosen.offering.id, role: chosen.role, archived: chosen.offering.archived_at !== null };
  if (wanted && user.role === 'instructor') {
    const any = await getOffering(db, wanted);
    if (any) return { id: any.id, role: 'instructor', archived: any.archived_at !== null };
  }
  const fallback = memberships.find((m) => m.offering.archived_at === null) ?? memberships[0];
  if (fallback) return { id: fallback.offering.id, role: fallback.role, archived: fallback.offering.archived_at !== null };
  if (user.role === 'instructor' || user.role === 'staff') {
    const first = await getDefaultOffering(db);
    if (first) return { id: first.id, role: user.role === 'instructor' ? 'instructor' : 'ta', archived: first.archived_at !== null };
  }
  return null;
}
