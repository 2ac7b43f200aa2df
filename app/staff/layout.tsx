import './staff.css';
import type { ReactNode } from 'react';
import { isCourseStaff } from '../../lib/auth/roles';
import { getViewer } from '../../lib/auth/session';
import { currentMessages } from '../../lib/site/locale';
import { StaffTabs } from './StaffTabs';

/** Every course staff page: the tabs, and a second check of the role behind proxy.ts. */
export default async function StaffLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  const { t } = await currentMessages();
  if (!viewer || !isCourseStaff(viewer)) {
    return <p className="form-error">{t.course.forbidden}</p>;
  }
  return (
    <div className="staff-page">
      <StaffTabs t={{ ...t.course.tabs, assignments: t.offerings.assignments.tab, offerings: t.offerings.staffPage.tab, quizzes: t.staffQuiz.tab, lti: t.lti.staff.tab }} instructor={viewer.role === 'instructor'} />
      {viewer.offering?.archived && (
        <p className="form-error" role="note">
          {t.offerings.archivedBanner}
        </p>
      )}
      {children}
    </div>
  );
}
