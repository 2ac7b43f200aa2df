'use client';

import { usePathname } from 'next/navigation';
import type { Messages } from '../../lib/i18n/catalog';

const STAFF = ['gradebook', 'quizzes', 'regrade', 'roster', 'deadlines', 'audit', 'assignments', 'offerings', 'lti'] as const;
const INSTRUCTOR = ['authoring', 'accounts'] as const;

export function StaffTabs({ t, instructor }: { t: Messages['course']['tabs'] & { assignments: string; offerings: string; quizzes: string; lti: string }; instructor: boolean }) {
  const path = usePathname();
  const tabs = instructor ? [...STAFF, ...INSTRUCTOR] : STAFF;
  return (
    <nav className="staff-tabs" aria-label={t.gradebook}>
      {tabs.map((tab) => (
        <a key={tab} href={`/staff/${tab}`} aria-current={path.startsWith(`/staff/${tab}`) ? 'page' : undefined}>
          {t[tab]}
        </a>
      ))}
    </nav>
  );
}
