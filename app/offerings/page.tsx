import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getViewer } from '../../lib/auth/session';
import { format } from '../../lib/i18n/format';
import { currentMessages } from '../../lib/site/locale';
import { offeringChoices } from '../../lib/site/offerings';
import { OfferingSwitcher } from '../_components/OfferingSwitcher';
import { joinOfferingAction } from '../offering-actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.offerings.mine.title };
}

/** A signed-in person's offerings, and joining another with its code. */
export default async function MyOfferingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in?next=/offerings');
  const { t } = await currentMessages();
  const m = t.offerings.mine;
  const params = await searchParams;
  const choices = await offeringChoices(viewer);
  const current = choices.find((c) => c.current);
  return (
    <section className="offerings-page">
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {params.joined && current && <p className="form-ok" role="status">{format(m.joined, { title: current.title })}</p>}
      {choices.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ul className="offering-list">
          {choices.map((c) => (
            <li key={c.id}>
              <strong>{c.title}</strong>
              {c.term && <> · {c.term}</>} · {t.offerings.roles[c.role]}
              {c.archived && <> {t.offerings.archivedMark}</>}
              {c.current && <span className="role-badge">{m.current}</span>}
            </li>
          ))}
        </ul>
      )}
      {choices.length > 1 && (
        <OfferingSwitcher choices={choices.map((c) => ({ id: c.id, current: c.current, label: [c.title, c.term].filter(Boolean).join(' · ') }))} label={t.offerings.switcher} submit={t.offerings.switch} />
      )}
      <h2>{m.joinTitle}</h2>
      <form action={joinOfferingAction} className="override-form">
        <label>
          {m.joinCode}
          <input name="joinCode" required maxLength={64} autoComplete="off" />
        </label>
        <button type="submit">{m.join}</button>
        {params.error === 'badCode' && (
          <p className="form-error" role="alert">
            {m.badCode}
          </p>
        )}
      </form>
    </section>
  );
}
