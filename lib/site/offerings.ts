import 'server-only';
import { z } from 'zod';
import type { OfferingRole, Viewer } from '../auth/roles';
import { getDb } from '../db';
import { enroll, findOfferingByJoinCode, getOffering, listOfferings, membershipsOf } from '../db/offerings';
import { AccessError } from './errors';

/**
 * The offerings a person can act in, for the header's switcher and the "My offerings" page, and
 * joining another one with its code. Which offering a request acts in is decided per request by
 * lib/auth/offering.ts from the cookie this switcher sets; a cookie naming an offering the person
 * does not belong to is ignored there.
 */

export interface OfferingChoice {
  id: string;
  title: string;
  term: string | null;
  role: OfferingRole;
  archived: boolean;
  current: boolean;
}

/** The viewer's active memberships; site instructors see every offering. Newest first. */
export async function offeringChoices(viewer: Viewer | null): Promise<OfferingChoice[]> {
  if (!viewer) return [];
  const db = await getDb();
  const mine = await membershipsOf(db, viewer.id);
  const current = viewer.offering?.id;
  const choice = (o: { id: string; title: string; term: string | null; archived_at: number | null }, role: OfferingRole): OfferingChoice => ({
    id: o.id,
    title: o.title,
    term: o.term,
    role,
    archived: o.archived_at !== null,
    current: o.id === current,
  });
  if (viewer.role === 'instructor') {
    const roles = new Map(mine.map((m) => [m.offering.id, m.role]));
    return (await listOfferings(db)).map((o) => choice(o, roles.get(o.id) ?? 'instructor'));
  }
  return mine.map((m) => choice(m.offering, m.role));
}

/** Whether the viewer may switch to this offering (the cookie is only set for one they may use). */
export async function maySwitchTo(viewer: Viewer | null, offeringId: string): Promise<boolean> {
  if (!viewer || !z.string().min(1).max(64).safeParse(offeringId).success) return false;
  if (viewer.role === 'instructor') return (await getOffering(await getDb(), offeringId)) !== undefined;
  return (await offeringChoices(viewer)).some((c) => c.id === offeringId);
}

/**
 * Joins the open offering with this code as a student (a member keeps their role). Returns the
 * offering, for the caller to switch to it.
 */
export async function joinOffering(viewer: Viewer | null, code: unknown): Promise<{ id: string; title: string }> {
  if (!viewer) throw new AccessError(401, 'sign in first');
  const parsed = z.string().trim().min(1).max(64).safeParse(code);
  const offering = parsed.success ? await findOfferingByJoinCode(await getDb(), parsed.data) : undefined;
  if (!offering) throw new AccessError(404, 'no open offering has this join code');
  await enroll(await getDb(), viewer.id, offering.id);
  return { id: offering.id, title: offering.title };
}
