import { describe, expect, it } from 'vitest';
import { badgeRole } from '../../../lib/auth/roles';
import { CATALOG } from '../../../lib/i18n/catalog';

/**
 * The header's role badge names the person's role in the current offering. A person first seen
 * through an LMS launch as Instructor has the site role 'staff' (lib/lti/provision.ts) but is the
 * instructor of their course: the badge must say so, not "staff" / "助教" (TA).
 */
const offering = (role: 'student' | 'ta' | 'instructor') => ({ id: 'o1', role, archived: false });

describe('badgeRole', () => {
  it('an LMS instructor (site role staff) is the instructor of the offering: 教师 in zh', () => {
    const badge = badgeRole({ role: 'staff', offering: offering('instructor') });
    expect(badge).toEqual({ offering: 'instructor' });
    expect(CATALOG.zh.offerings.roles.instructor).toBe('教师');
    expect(CATALOG.en.offerings.roles.instructor).toBe('instructor');
  });

  it('a TA of the offering is a TA, whatever the site role', () => {
    expect(badgeRole({ role: 'staff', offering: offering('ta') })).toEqual({ offering: 'ta' });
    expect(badgeRole({ role: 'instructor', offering: offering('ta') })).toEqual({ offering: 'ta' });
  });

  it('a student of the offering wears no badge; site staff in no offering show the site role', () => {
    expect(badgeRole({ role: 'staff', offering: offering('student') })).toBeNull();
    expect(badgeRole({ role: 'student', offering: offering('student') })).toBeNull();
    expect(badgeRole({ role: 'student', offering: null })).toBeNull();
    expect(badgeRole({ role: 'staff', offering: null })).toEqual({ site: 'staff' });
    expect(badgeRole({ role: 'instructor', offering: offering('instructor') })).toEqual({ offering: 'instructor' });
  });
});
