'use server';

import { getViewer } from '../../../lib/auth/session';
import { currentLocale } from '../../../lib/site/locale';
import { grantExtension, removeExtension } from '../../../lib/staff/deadlines';
import { AccessError } from '../../../lib/site/errors';
import type { ActionState } from '../actions';

/** Extensions: public POST endpoints like every server action; lib/staff/deadlines.ts checks the viewer. */

function text(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
}

async function run<T>(work: () => Promise<T>): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    if (err instanceof AccessError) return { ok: false, status: err.status, reason: err.message };
    console.error('[deltalab] extension action failed:', err);
    return { ok: false, status: 500, reason: err instanceof Error ? err.message : 'error' };
  }
}

export async function grantExtensionAction(_prev: ActionState<{ granted: number }> | null, form: FormData): Promise<ActionState<{ granted: number }>> {
  return run(async () => {
    const [kind, ...rest] = text(form, 'target').split(':');
    return grantExtension(
      await getViewer(),
      { kind, targetId: rest.join(':'), students: text(form, 'students'), dueAt: text(form, 'dueAt'), closeAt: text(form, 'closeAt'), reason: text(form, 'reason') },
      { locale: await currentLocale() },
    );
  });
}

export async function removeExtensionAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  return run(async () => {
    await removeExtension(await getViewer(), text(form, 'id'));
    return undefined;
  });
}
