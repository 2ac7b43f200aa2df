import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { authoringStatus } from '../../../lib/staff/authoring';
import { utc } from '../format';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.authoring.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every exercise and quiz with its validation state; problems with file and line. */
export default async function AuthoringPage({ searchParams }: Props) {
  const params = await searchParams;
  const again = params.again === '1';
  const item = typeof params.validate === 'string' ? params.validate : undefined;
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const a = t.course.authoring;
  if (viewer?.role !== 'instructor') return <p className="form-error">{t.course.instructorsOnly}</p>;
  const status = authoringStatus(viewer, { again, item });
  const rows = [...status.exercises.map((r) => ({ kind: 'exercise' as const, ...r })), ...status.quizzes.map((r) => ({ kind: 'quiz' as const, ...r }))];
  return (
    <section>
      {/* While validation runs, the page reloads itself every few seconds. */}
      {status.state === 'running' && <meta httpEquiv="refresh" content="3;url=/staff/authoring" />}
      <h1>{a.title}</h1>
      <p className="muted">{a.intro}</p>
      {status.state === 'running' ? (
        <p className="running" role="status">
          <span className="spinner" aria-hidden="true" /> {a.running}
        </p>
      ) : (
        <p className="staff-actions">
          <span className="muted">{format(a.checkedAt, { time: utc(status.finishedAt) })}</span>
          <a className="button-link" href="/staff/authoring?again=1">
            {a.recheck}
          </a>
        </p>
      )}
      {status.error && <p className="form-error">{status.error}</p>}
      {status.loadErrors.length > 0 && (
        <>
          <h2>{a.loadErrors}</h2>
          <ul data-testid="load-errors">
            {status.loadErrors.map((p, i) => (
              <li key={i}>
                <code>{`${p.file}:${p.line}`}</code> {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {rows.length > 0 && (
        <table className="staff-table" data-testid="authoring">
          <thead>
            <tr>
              <th scope="col">{a.kind}</th>
              <th scope="col">{a.item}</th>
              <th scope="col">{a.state}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.kind}:${r.id}`} data-item={`${r.kind}:${r.id}`} data-valid={r.problems.length === 0}>
                <td>{r.kind === 'exercise' ? a.exercise : a.quiz}</td>
                <td>
                  {r.id}
                  <br />
                  <span className="muted small">{r.relDir}</span>
                </td>
                <td>
                  {r.problems.length === 0 ? (
                    <span className="fires-ok">{a.ok}</span>
                  ) : (
                    <>
                      <span className="fires-bad">{format(a.problems, { n: r.problems.length })}</span>
                      <ul>
                        {r.problems.map((p, i) => (
                          <li key={i}>
                            <code>{`${p.file}:${p.line}`}</code> {p.message}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </td>
                <td>
                  <a href={r.kind === 'exercise' ? `/staff/preview/${r.id}` : `/staff/preview/quiz/${r.id}`}>{a.preview}</a>{' '}
                  {status.state !== 'running' && (
                    <a className="button-link" href={`/staff/authoring?validate=${encodeURIComponent(r.id)}`}>
                      {a.validate}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
