import 'katex/dist/katex.min.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { badgeRole, isCourseStaff } from '../lib/auth/roles';
import { getSessionViewer } from '../lib/auth/session';
import { offeringChoices } from '../lib/site/offerings';
import { currentMessages } from '../lib/site/locale';
import { SiteNav } from './_components/SiteNav';

export const metadata: Metadata = {
  title: { default: 'deltalab', template: '%s · deltalab' },
  description: 'Auto-graded exercises for how neural networks compute and learn.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await currentMessages();
  // Not getViewer: it would send the change-password page itself to the change-password page.
  const viewer = await getSessionViewer();
  const choices = (await offeringChoices(viewer)).map((c) => ({
    id: c.id,
    current: c.current,
    label: [c.title, c.term, c.archived ? t.offerings.archivedMark : null].filter(Boolean).join(' · '),
  }));
  const badge = viewer ? badgeRole(viewer) : null;
  const badgeLabel = !badge ? null : 'offering' in badge ? t.offerings.roles[badge.offering] : t.site.roles[badge.site];
  return (
    <html lang={locale === 'zh' ? 'zh-Hans' : 'en'}>
      <body>
        <a className="skip-link" href="#main">
          {t.site.skipToContent}
        </a>
        <header className="site-header">
          <a className="brand" href="/">
            δ {t.site.name}
          </a>
          <span className="tagline">{t.site.tagline}</span>
          <SiteNav
            t={t.site}
            locale={locale}
            viewer={viewer && { name: viewer.name, role: viewer.role, staff: isCourseStaff(viewer), badge: badgeLabel }}
            courseLabel={t.course.nav}
            passwordLabel={t.account.nav}
            offerings={viewer ? { choices, label: t.offerings.switcher, submit: t.offerings.switch, mine: t.offerings.mine.link } : undefined}
          />
        </header>
        <main id="main">
          {/* Students of an archived offering learn it before they try to submit (staff pages say so themselves). */}
          {viewer?.offering?.archived && !isCourseStaff(viewer) && (
            <p className="notice" role="note">
              {t.offerings.archivedReadOnly}
            </p>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}
