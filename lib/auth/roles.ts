import { ROLES, type OfferingRole, type Role } from '../db/schema';

export { ROLES, type OfferingRole, type Role };

/** The offering a request acts in, and the viewer's role there (resolved per request, see session.ts). */
export interface ViewerOffering {
  id: string;
  role: OfferingRole;
  archived: boolean;
}

/** Who is asking: the only user fields the site passes around. */
export interface Viewer {
  id: string;
  name: string;
  email: string;
  /** The site-wide role: instructors may create offerings and accounts. */
  role: Role;
  locale: string | null;
  /** The current offering, or null for someone who belongs to none. */
  offering: ViewerOffering | null;
  /** Still signed in with a password someone else chose (lib/auth/session.ts sends them to change it). */
  mustChangePassword?: boolean;
  /** Signed in by an LTI launch inside an LMS's frame: cookies set for this person must be SameSite=None (lib/auth/embedded-cookies.ts). */
  embedded?: boolean;
}

export function asRole(value: unknown): Role {
  return (ROLES as readonly unknown[]).includes(value) ? (value as Role) : 'student';
}

/**
 * Course staff of the offering the request acts in: a TA or instructor there. Site instructors may
 * act in any offering (they create them). The site-wide 'staff' role alone is no longer enough:
 * staff of one offering are not staff of another, so the per-offering role decides.
 */
export function isCourseStaff(viewer: Pick<Viewer, 'role'> & { offering?: ViewerOffering | null }): boolean {
  if (viewer.role === 'instructor') return true;
  return !!viewer.offering && viewer.offering.role !== 'student';
}

/**
 * A student reads their own work; staff read the work of their offering. `offeringId` is the
 * offering the work was done in: staff of another offering may not read it.
 */
export function canReadWorkOf(viewer: Pick<Viewer, 'id' | 'role'> & { offering?: ViewerOffering | null }, ownerId: string, offeringId?: string | null): boolean {
  if (viewer.id === ownerId) return true;
  if (!isCourseStaff(viewer)) return false;
  return offeringId === undefined || viewer.role === 'instructor' || offeringId === viewer.offering?.id;
}

/**
 * The role the header's badge names: the person's role in the offering the request acts in (an
 * LMS instructor is the instructor of their course, though their site role is 'staff'); the site
 * role only for someone who acts in no offering. Null for a student, who wears no badge.
 */
export function badgeRole(viewer: Pick<Viewer, 'role'> & { offering?: ViewerOffering | null }): { offering: OfferingRole } | { site: Role } | null {
  if (viewer.offering) return viewer.offering.role === 'student' ? null : { offering: viewer.offering.role };
  return viewer.role === 'student' ? null : { site: viewer.role };
}

/** Only instructors create instructor and staff accounts. */
export function canCreateAccounts(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'instructor';
}
