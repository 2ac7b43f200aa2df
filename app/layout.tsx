import 'katex/dist/katex.min.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getSessionViewer } from '../lib/auth/session';
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
          <SiteNav t={t.site} locale={locale} viewer={viewer && { name: viewer.name, role: viewer.role }} courseLabel={t.course.nav} passwordLabel={t.account.nav} />
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
