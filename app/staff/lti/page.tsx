import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { ltiOverview } from '../../../lib/staff/lti';

/** LMS connections: what to paste into the LMS, the registered platforms, and grade passback. */
export default async function LtiPage() {
  const { t } = await currentMessages();
  const s = t.lti.staff;
  const overview = await ltiOverview(await getViewer());
  const values: [string, string][] = [
    [s.loginUrl, overview.toolValues.loginUrl],
    [s.launchUrl, overview.toolValues.launchUrl],
    [s.jwksUrl, overview.toolValues.jwksUrl],
    [s.deepLinkUrl, overview.toolValues.deepLinkUrl],
  ];
  return (
    <main id="main">
      <h1>{s.title}</h1>
      <h2>{s.toolValues}</h2>
      <dl>
        {values.map(([label, url]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <code>{url}</code>
            </dd>
          </div>
        ))}
      </dl>
      <h2>{s.platforms}</h2>
      {overview.platforms.length === 0 ? (
        <p>{s.noPlatforms}</p>
      ) : (
        <ul>
          {overview.platforms.map((p) => (
            <li key={p.id}>
              {p.name}: <code>{p.issuer}</code> · {s.clientId} <code>{p.clientId}</code> · {p.deploymentIds.join(', ')}
            </li>
          ))}
        </ul>
      )}
      <h2>{s.scores}</h2>
      {overview.outbox.length === 0 ? (
        <p>{s.noScores}</p>
      ) : (
        <ul>
          {overview.outbox.map((e) => (
            <li key={e.id}>
              {e.itemId}: {e.scoreGiven}/{e.scoreMaximum} · {s.state[e.state as keyof typeof s.state] ?? e.state}
              {e.sentAt ? ` · ${new Date(e.sentAt).toISOString()}` : ''}
              {e.lastError ? ` · ${format(s.lastError, { error: e.lastError })}` : ''}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
