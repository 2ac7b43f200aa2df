import { getViewer } from '../../../../lib/auth/session';
import { getDb } from '../../../../lib/db';
import { openDeepLink, settingsOf } from '../../../../lib/lti/deep-linking';
import { offeringOfContext, placeableItems } from '../../../../lib/lti/items';
import { format } from '../../../../lib/i18n/format';
import { currentMessages } from '../../../../lib/site/locale';

/**
 * Deep linking: the instructor picks what to place in the LMS course (lib/lti/deep-linking.ts),
 * within what the LMS's request allows (one item or several, with or without grade columns).
 */
export default async function DeepLinkPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { refused } = await searchParams;
  const { locale, t } = await currentMessages();
  const viewer = await getViewer();
  const db = await getDb();
  const request = viewer && viewer.role !== 'student' ? await openDeepLink(db, id, viewer.id) : null;
  if (!request) {
    return (
      <main id="main">
        <h1>{t.lti.deepLinkTitle}</h1>
        <p role="alert">{t.lti.deepLinkExpired}</p>
      </main>
    );
  }
  const settings = settingsOf(request);
  if (!settings.acceptsResourceLink) {
    return (
      <main id="main">
        <h1>{t.lti.deepLinkTitle}</h1>
        <p role="alert" data-testid="lti-refused">{t.lti.deepLinkNoResourceLinks}</p>
      </main>
    );
  }
  const items = await placeableItems(db, await offeringOfContext(db, request.platform_id, request.context_id), locale);
  const problem = refused === 'multiple' ? t.lti.deepLinkOnlyOne : null;
  return (
    <main id="main">
      <h1>{t.lti.deepLinkTitle}</h1>
      {problem && (
        <p role="alert" data-testid="lti-refused">
          {problem}
        </p>
      )}
      <p>{settings.acceptLineItem ? t.lti.deepLinkIntro : t.lti.deepLinkNoGrades}</p>
      {!settings.acceptMultiple && <p>{t.lti.deepLinkPickOne}</p>}
      <form method="post" action={`/api/lti/deep-link/${encodeURIComponent(id)}`}>
        <ul className="lti-items">
          {items.map((item) => (
            <li key={`${item.kind}:${item.id}`} className={`lti-item-${item.kind}`}>
              <label>
                <input type={settings.acceptMultiple ? 'checkbox' : 'radio'} name="item" value={`${item.kind}:${item.id}`} /> {t.lti.kinds[item.kind]}: {item.title} ({format(t.lti.points, { n: item.points })})
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
