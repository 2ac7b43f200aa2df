import type { ReactNode } from 'react';
import { getViewer } from '../../lib/auth/session';
import { currentMessages } from '../../lib/site/locale';

/**
 * Every staff page that works in an offering starts with this: with no offering to act in (a new
 * site instructor before creating one, staff added to none), lib/staff refuses and the page would
 * end in an error. Instead it shows a prompt: site instructors get the way to create one.
 * Returns null when the viewer has an offering (or is not signed in: the layout answers that).
 */
export async function noOfferingPrompt(): Promise<ReactNode | null> {
  const viewer = await getViewer();
  if (!viewer || viewer.offering) return null;
  const { t } = await currentMessages();
  return <NoOffering instructor={viewer.role === 'instructor'} t={t.offerings.noOffering} />;
}

export function NoOffering({ instructor, t, createHref = '/staff/offerings#create-offering' }: { instructor: boolean; t: { title: string; instructor: string; createLink: string; staff: string }; createHref?: string | null }) {
  return (
    <section className="no-offering" data-testid="no-offering">
      <h1>{t.title}</h1>
      <p>{instructor ? t.instructor : t.staff}</p>
      {instructor && createHref && (
        <p>
          <a className="button-link" href={createHref}>
            {t.createLink}
          </a>
        </p>
      )}
    </section>
  );
}
