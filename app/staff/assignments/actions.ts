'use server';

import { redirect } from 'next/navigation';
import { getViewer } from '../../../lib/auth/session';
import { AccessError } from '../../../lib/site/errors';
import { createAssignment, deleteAssignment, moveAssignment, renameAssignment, setAssignmentItems } from '../../../lib/staff/assignments';

/** The assignments page's server actions; lib/staff checks who asks and re-parses the input. */

const PAGE = '/staff/assignments';

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

async function run(work: () => Promise<void>, ok = 'saved'): Promise<never> {
  let query = `ok=${ok}`;
  try {
    await work();
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    query = err.status === 403 ? 'error=onlyInstructor' : `reason=${encodeURIComponent(err.message)}`;
  }
  redirect(`${PAGE}?${query}`);
}

export async function createAssignmentAction(form: FormData): Promise<void> {
  await run(async () => {
    await createAssignment(await getViewer(), { title: text(form, 'title') });
  });
}

export async function renameAssignmentAction(form: FormData): Promise<void> {
  await run(async () => renameAssignment(await getViewer(), { assignmentId: text(form, 'assignmentId'), title: text(form, 'title') }));
}

export async function deleteAssignmentAction(form: FormData): Promise<void> {
  await run(async () => deleteAssignment(await getViewer(), { assignmentId: text(form, 'assignmentId') }));
}

export async function moveAssignmentAction(form: FormData): Promise<void> {
  await run(async () => moveAssignment(await getViewer(), { assignmentId: text(form, 'assignmentId'), direction: text(form, 'direction') }));
}

/** Fields `inc:<kind>:<id>` (checked: counts), `pts:<kind>:<id>` (points), `pos:<kind>:<id>` (order). */
export async function setAssignmentItemsAction(form: FormData): Promise<void> {
  await run(async () => {
    const items = [...form.keys()]
      .filter((k) => k.startsWith('inc:'))
      .map((k, n) => {
        const key = k.slice(4);
        const [kind, ...rest] = key.split(':');
        // No order given: after those with one, in the catalogue's order.
        const pos = text(form, `pos:${key}`).trim();
        return { kind, id: rest.join(':'), points: Number(text(form, `pts:${key}`)), position: pos === '' ? 1e6 + n : Number(pos) };
      })
      .sort((a, b) => a.position - b.position)
      .map((i, n) => ({ ...i, position: n }));
    await setAssignmentItems(await getViewer(), { assignmentId: text(form, 'assignmentId'), items });
  });
}
