import { currentMessages } from '../lib/site/locale';

export default async function NotFound() {
  const { t } = await currentMessages();
  return (
    <section>
      <h1>{t.site.notFound}</h1>
      <p>
        <a href="/">{t.site.backHome}</a>
      </p>
    </section>
  );
}
