import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { ltiOverview } from '../../../lib/staff/lti';
import { utc } from '../format';
import { noOfferingPrompt } from '../NoOffering';
import { CopyValue, PlatformForm, RemovePlatform, ResendScore, RotateKey, SyncRoster } from './LtiForms';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.lti.staff.title };
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * LMS connections (lib/staff/lti.ts): what to paste into the LMS, the registered platforms (register,
 * edit, remove), deltalab's signing keys (rotate), the roster from the LMS course (sync), grade
 * passback per linked item and student (resend), and the changes staff made here.
 */
export default async function LtiPage() {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const { t } = await currentMessages();
  const s = t.lti.staff;
  const o = await ltiOverview(await getViewer());
  const values: [string, string, string][] = [
    ['login', s.loginUrl, o.toolValues.loginUrl],
    ['launch', s.launchUrl, o.toolValues.launchUrl],
    ['jwks', s.jwksUrl, o.toolValues.jwksUrl],
    ['deep-link', s.deepLinkUrl, o.toolValues.deepLinkUrl],
  ];
  return (
    <section className="lti-staff">
      <h1>{s.title}</h1>
      {!o.canWrite && <p className="muted">{s.readOnly}</p>}

      <h2>{s.toolValues}</h2>
      <p className="muted small">{s.toolValuesHint}</p>
      <dl className="lti-values" data-testid="tool-values">
        {values.map(([id, label, url]) => (
          <CopyValue key={id} t={s} id={`tool-${id}`} label={label} value={url} />
        ))}
      </dl>

      <h2>{s.platforms}</h2>
      {o.platforms.length === 0 ? (
        <p className="muted">{s.noPlatforms}</p>
      ) : (
        <ul className="lti-platforms" data-testid="platforms">
          {o.platforms.map((p) => (
            <li key={p.id} data-platform={p.issuer}>
              <strong>{p.name}</strong>
              <dl className="lti-platform-values">
                <dt>{s.issuer}</dt>
                <dd>
                  <code>{p.issuer}</code>
                </dd>
                <dt>{s.clientId}</dt>
                <dd>
                  <code>{p.clientId}</code>
                </dd>
                <dt>{s.deploymentIds}</dt>
                <dd>
                  <code>{p.deploymentIds.join(', ')}</code>
                </dd>
              </dl>
              {o.canWrite && (
                <>
                  <details>
                    <summary>{s.edit}</summary>
                    <PlatformForm t={s} initial={p} />
                  </details>
                  <RemovePlatform t={s} id={p.id} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {o.canWrite && (
        <details open={o.platforms.length === 0}>
          <summary>{s.register}</summary>
          <PlatformForm t={s} />
        </details>
      )}

      <h2>{s.keys}</h2>
      <p className="muted small">{s.keysIntro}</p>
      {o.keys.length === 0 ? (
        <p className="muted">{s.noKeys}</p>
      ) : (
        <ul className="lti-keys" data-testid="keys">
          {o.keys.map((k) => (
            <li key={k.kid} data-current={k.retiredAt === null ? '1' : undefined}>
              <code>{k.kid}</code> · {k.retiredAt === null ? s.keyCurrent : format(s.keyRetired, { at: utc(k.retiredAt), until: utc(k.publishedUntil) })}
            </li>
          ))}
        </ul>
      )}
      {o.canWrite && <RotateKey t={s} />}

      <h2>{s.roster}</h2>
      {o.courses.length === 0 ? (
        <p className="muted">{s.notLinked}</p>
      ) : (
        <>
          <ul data-testid="linked-courses">
            {o.courses.map((c, i) => (
              <li key={i}>
                {c.platformName}: {c.title ?? '–'} · {c.hasRoster ? (c.rosterSyncedAt ? format(s.lastSynced, { at: utc(c.rosterSyncedAt) }) : s.neverSynced) : s.noRosterService}
              </li>
            ))}
          </ul>
          {o.canWrite && o.courses.some((c) => c.hasRoster) && <SyncRoster t={s} />}
        </>
      )}

      <h2>{s.scores}</h2>
      <p className="muted small">{s.scoresIntro}</p>
      {o.scores.length === 0 ? (
        <p className="muted">{s.noScores}</p>
      ) : (
        <div className="table-scroll">
          <table className="staff-table" data-testid="scores">
            <thead>
              <tr>
                <th scope="col">{s.student}</th>
                <th scope="col">{s.item}</th>
                <th scope="col">{s.score}</th>
                <th scope="col">{s.status}</th>
                <th scope="col">{s.lastSync}</th>
                <th scope="col">{s.attempts}</th>
                {o.canWrite && <th scope="col">{s.resend}</th>}
              </tr>
            </thead>
            <tbody>
              {o.scores.map((e) => {
                const failing = e.state === 'pending' && e.lastError !== null;
                return (
                  <tr key={e.id} data-state={failing ? 'failing' : e.state} data-item={e.itemId}>
                    <td>
                      {e.studentName}
                      <br />
                      <span className="muted small">{e.studentEmail}</span>
                    </td>
                    <td>
                      {t.lti.kinds[e.itemKind as keyof typeof t.lti.kinds] ?? e.itemKind}: {e.itemId}
                    </td>
                    <td>
                      {e.scoreGiven}/{e.scoreMaximum}
                    </td>
                    <td>
                      {failing ? s.failing : (s.state[e.state as keyof typeof s.state] ?? e.state)}
                      {e.lastError && <p className="form-error small">{format(s.lastError, { error: e.lastError })}</p>}
                    </td>
                    <td>{e.lastSyncAt ? utc(e.lastSyncAt) : s.never}</td>
                    <td>{e.attempts}</td>
                    {o.canWrite && (
                      <td>
                        <ResendScore t={s} id={e.id} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2>{s.activity}</h2>
      {o.audit.length === 0 ? (
        <p className="muted">{s.noActivity}</p>
      ) : (
        <ul className="lti-audit" data-testid="lti-audit">
          {o.audit.map((a) => (
            <li key={a.id} data-action={a.action}>
              {utc(a.at)} · {a.by} · {format(s.actions[a.action], { name: str(a.detail.name), added: str(a.detail.added), updated: str(a.detail.updated), deactivated: str(a.detail.deactivated) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
