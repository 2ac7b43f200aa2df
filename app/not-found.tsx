import Link from 'next/link';
import { currentMessages } from '../lib/i18n/locale';

export default async function NotFound() {
  const { t } = await currentMessages();
  return (
    <section>
      <h1>{t.site.notFound}</h1>
      <p>
        <Link href="/" prefetch={false}>
          {t.site.backHome}
        </Link>
      </p>
    </section>
  );
}
