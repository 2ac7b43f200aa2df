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
}

export function asRole(value: unknown): Role {
  return (ROLES as readonly unknown[]).includes(value) ? (value as Role) : 'student';
}

/**
 * Instructors and staff may read every student's work; students only their own. Staff of the
 * current offering (a TA or instructor there) count, as do the site-wide staff roles.
 */
export function isCourseStaff(viewer: Pick<Viewer, 'role'> & { offering?: ViewerOffering | null }): boolean {
  if (viewer.offering && viewer.offering.role !== 'student') return true;
  return viewer.role === 'instructor' || viewer.role === 'staff';
}

export function canReadWorkOf(viewer: Pick<Viewer, 'id' | 'role'>, ownerId: string): boolean {
  return viewer.id === ownerId || isCourseStaff(viewer);
}

/** Only instructors create instructor and staff accounts. */
export function canCreateAccounts(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'instructor';
}
