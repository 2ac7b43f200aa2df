import { getViewer } from '../../../../lib/auth/session';
import { getDb } from '../../../../lib/db';
import { openDeepLink } from '../../../../lib/lti/deep-linking';
import { placeableItems } from '../../../../lib/lti/items';
import { format } from '../../../../lib/i18n/format';
import { currentMessages } from '../../../../lib/site/locale';

/** Deep linking: the instructor picks what to place in the LMS course (lib/lti/deep-linking.ts). */
export default async function DeepLinkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { locale, t } = await currentMessages();
  const viewer = await getViewer();
  const request = viewer && viewer.role !== 'student' ? await openDeepLink(await getDb(), id, viewer.id) : null;
  if (!request) {
    return (
      <main id="main">
        <h1>{t.lti.deepLinkTitle}</h1>
        <p role="alert">{t.lti.deepLinkExpired}</p>
      </main>
    );
  }
  return (
    <main id="main">
      <h1>{t.lti.deepLinkTitle}</h1>
      <p>{t.lti.deepLinkIntro}</p>
      <form method="post" action={`/api/lti/deep-link/${encodeURIComponent(id)}`}>
        <ul className="lti-items">
          {placeableItems(locale).map((item) => (
            <li key={`${item.kind}:${item.id}`} className={`lti-item-${item.kind}`}>
              <label>
                <input type="checkbox" name="item" value={`${item.kind}:${item.id}`} /> {t.lti.kinds[item.kind]}: {item.title} ({format(t.lti.points, { n: item.points })})
              </label>
            </li>
          ))}
        </ul>
        {/* Always in reach: the list is long, the button would be far below on a phone. */}
        <div className="lti-submit">
          <button type="submit" className="primary">{t.lti.deepLinkSubmit}</button>
        </div>
      </form>
    </main>
  );
}
