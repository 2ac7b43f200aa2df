import { ROLES, type Role } from '../db/schema';

export { ROLES, type Role };

/** Who is asking: the only user fields the site passes around. */
export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: Role;
  locale: string | null;
  /** Still signed in with a password someone else chose (lib/auth/session.ts sends them to change it). */
  mustChangePassword?: boolean;
}

export function asRole(value: unknown): Role {
  return (ROLES as readonly unknown[]).includes(value) ? (value as Role) : 'student';
}

/** Instructors and staff may read every student's work; students only their own. */
export function isCourseStaff(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'instructor' || viewer.role === 'staff';
}

export function canReadWorkOf(viewer: Pick<Viewer, 'id' | 'role'>, ownerId: string): boolean {
  return viewer.id === ownerId || isCourseStaff(viewer);
}

/** Only instructors create instructor and staff accounts. */
export function canCreateAccounts(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'instructor';
}
