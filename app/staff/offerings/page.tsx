import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { currentOfferingForStaff, listOfferingStaff, staffOfferings } from '../../../lib/staff/offerings';
import { switchOfferingAction } from '../../offering-actions';
import { NoOffering } from '../NoOffering';
import { addStaffAction, createOfferingAction, removeStaffAction, rotateJoinCodeAction, setArchivedAction, setStaffRoleAction, updateOfferingAction } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.offerings.staffPage.title };
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** The current offering's settings, join code and staff; every offering the viewer staffs; a new one. */
export default async function OfferingsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const p = t.offerings.staffPage;
  const params = await searchParams;
  const siteInstructor = viewer?.role === 'instructor';
  const ok = one(params.ok);
  const error = one(params.error);
  // With no offering to act in (a new site), the page is the prompt and the form to create one.
  const current = viewer?.offering ? await currentOfferingForStaff(viewer) : null;
  const okTexts: Record<string, string> = { saved: p.saved, rotated: current ? format(p.rotated, { code: current.joinCode }) : '', archivedNow: p.archivedNow, unarchivedNow: p.unarchivedNow, removed: p.removed };
  const okText = (key: string) => okTexts[key];
  const errorText: Record<string, string> = { badTimeZone: p.badTimeZone, noAccount: p.noAccount, onlyInstructor: p.onlyInstructor };
  const zones = Intl.supportedValuesOf('timeZone');
  const zoneList = (
    <datalist id="time-zones">
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
  const status = (
    <div role="status" aria-live="polite">
      {ok && okText(ok) && <p className="form-ok">{okText(ok)}</p>}
      {one(params.created) && <p className="form-ok">{format(p.created, { title: one(params.created)! })}</p>}
      {one(params.added) && <p className="form-ok">{format(p.added, { email: one(params.added)! })}</p>}
      {error && errorText[error] && <p className="form-error">{errorText[error]}</p>}
      {one(params.reason) && <p className="form-error">{one(params.reason)}</p>}
    </div>
  );
  if (viewer && !current) {
    const all = await staffOfferings(viewer);
    return (
      <section className="offerings-page">
        <NoOffering instructor={siteInstructor} t={t.offerings.noOffering} createHref={null} />
        {status}
        {siteInstructor && <CreateOffering p={p} all={all} timeZone="UTC" />}
        {zoneList}
      </section>
    );
  }
  if (!current) return null;
  const [staff, all] = await Promise.all([listOfferingStaff(viewer), staffOfferings(viewer)]);
  const manage = current.role === 'instructor';
  const editable = manage && !current.archived;
  return (
    <section className="offerings-page">
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      {status}
      {current.archived && <p className="form-error">{t.offerings.archivedBanner}</p>}

      <h2>{format(p.settings, { title: current.title })}</h2>
      <form action={updateOfferingAction} className="override-form">
        <label>
          {p.title_}
          <input name="title" defaultValue={current.title} required maxLength={200} disabled={!editable} />
        </label>
        <label>
          {p.term}
          <input name="term" defaultValue={current.term ?? ''} maxLength={200} disabled={!editable} />
        </label>
        <label>
          {p.timeZone}
          <input name="timeZone" defaultValue={current.timeZone} required maxLength={64} list="time-zones" disabled={!editable} />
        </label>
        {editable && <button type="submit">{p.save}</button>}
      </form>
      {zoneList}
      <p>
        {p.colCode}: <code className="join-code">{current.joinCode}</code>
      </p>
      {manage && (
        <div className="offering-actions">
          {editable && (
            <form action={rotateJoinCodeAction}>
              <button type="submit">{p.rotate}</button>
            </form>
          )}
          <form action={setArchivedAction}>
            <input type="hidden" name="archived" value={current.archived ? 'false' : 'true'} />
            <button type="submit">{current.archived ? p.unarchive : p.archive}</button>
          </form>
        </div>
      )}

      <h2>{p.staff}</h2>
      {staff.length === 0 ? (
        <p>{p.noStaff}</p>
      ) : (
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{p.name}</th>
              <th scope="col">{p.staffEmail}</th>
              <th scope="col">{p.staffRole}</th>
              {editable && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.userId}>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>
                  {editable ? (
                    <form action={setStaffRoleAction} className="inline-form">
                      <input type="hidden" name="userId" value={s.userId} />
                      <select name="role" defaultValue={s.role} aria-label={`${p.staffRole}: ${s.email}`}>
                        <option value="ta">{t.offerings.roles.ta}</option>
                        <option value="instructor">{t.offerings.roles.instructor}</option>
                      </select>
                      <button type="submit" className="link-button">
                        {p.change}
                      </button>
                    </form>
                  ) : (
                    t.offerings.roles[s.role]
                  )}
                </td>
                {editable && (
                  <td>
                    <form action={removeStaffAction}>
                      <input type="hidden" name="userId" value={s.userId} />
                      <button type="submit" className="link-button">
                        {p.remove}
                      </button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && (
        <form action={addStaffAction} className="override-form">
          <label>
            {p.staffEmail}
            <input name="email" type="email" required maxLength={254} />
          </label>
          <label>
            {p.staffRole}
            <select name="role" defaultValue="ta">
              <option value="ta">{t.offerings.roles.ta}</option>
              <option value="instructor">{t.offerings.roles.instructor}</option>
            </select>
          </label>
          <button type="submit">{p.add}</button>
        </form>
      )}

      <h2>{p.list}</h2>
      <div className="table-scroll">
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{p.colTitle}</th>
              <th scope="col">{p.colTerm}</th>
              <th scope="col">{p.colTimeZone}</th>
              <th scope="col">{p.colStatus}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {all.map((o) => (
              <tr key={o.id} aria-current={o.id === current.id ? 'true' : undefined}>
                <td>{o.title}</td>
                <td>{o.term ?? ''}</td>
                <td>{o.timeZone}</td>
                <td>{o.archived ? p.archived : p.open}</td>
                <td>
                  {o.id !== current.id && (
                    <form action={switchOfferingAction}>
                      <input type="hidden" name="offeringId" value={o.id} />
                      <input type="hidden" name="back" value="/staff/offerings" />
                      <button type="submit" className="link-button">
                        {t.offerings.switch}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {siteInstructor && <CreateOffering p={p} all={all} timeZone={current.timeZone} />}
    </section>
  );
}

type OfferingsText = Messages['offerings']['staffPage'];

/** A site instructor's form for a new offering (optionally copying another's assignments and rules). */
function CreateOffering({ p, all, timeZone }: { p: OfferingsText; all: { id: string; title: string; term: string | null }[]; timeZone: string }) {
  return (
    <>
      <h2 id="create-offering">{p.create}</h2>
      <p>{p.createHint}</p>
      <form action={createOfferingAction} className="override-form" aria-label={p.create}>
        <label>
          {p.title_}
          <input name="title" required maxLength={200} />
        </label>
        <label>
          {p.term}
          <input name="term" maxLength={200} />
        </label>
        <label>
          {p.timeZone}
          <input name="timeZone" required defaultValue={timeZone} maxLength={64} list="time-zones" />
        </label>
        <label>
          {p.copyFrom}
          <select name="copyFrom" defaultValue="">
            <option value="">{p.copyNone}</option>
            {all.map((o) => (
              <option key={o.id} value={o.id}>
                {[o.title, o.term].filter(Boolean).join(' · ')}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" name="switch" defaultChecked /> {p.switchToNew}
        </label>
        <button type="submit">{p.createButton}</button>
      </form>
    </>
  );
}
