'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Role } from '../../../lib/auth/roles';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { ResetLinkResult } from '../../../lib/staff/accounts';
import { deactivateAccountAction, reactivateAccountAction, resetLinkAction, setRoleAction, type ActionState } from '../actions';
import { ResetLinkNote } from '../roster/RosterForms';

type A = Messages['accounts'];

/** One account's controls: role, deactivation, reset link. The server checks every one again. */
export function AccountControls({ userId, role, deactivated, self, a, roles }: { userId: string; role: Role; deactivated: boolean; self: boolean; a: A; roles: Messages['site']['roles'] }) {
  const router = useRouter();
  const [roleState, roleAction, settingRole] = useActionState<ActionState | null, FormData>(setRoleAction, null);
  const [toggled, toggleAction, toggling] = useActionState<ActionState | null, FormData>(deactivated ? reactivateAccountAction : deactivateAccountAction, null);
  const [link, linkAction, linking] = useActionState<ActionState<ResetLinkResult> | null, FormData>(resetLinkAction, null);
  useEffect(() => {
    if (roleState?.ok || toggled?.ok) router.refresh();
  }, [roleState, toggled, router]);
  const refusal = (s: ActionState<unknown> | null) => s && !s.ok && <span className="form-error">{s.code === 'LAST_INSTRUCTOR' ? a.lastInstructor : format(a.failed, { reason: s.reason ?? '' })}</span>;
  return (
    <div className="staff-actions">
      <form action={roleAction}>
        <input type="hidden" name="userId" value={userId} />
        <select name="role" defaultValue={role} aria-label={a.role}>
          <option value="student">{roles.student}</option>
          <option value="staff">{roles.staff}</option>
          <option value="instructor">{roles.instructor}</option>
        </select>{' '}
        <button type="submit" disabled={settingRole}>
          {a.setRole}
        </button>
      </form>
      <form action={toggleAction}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" disabled={toggling}>
          {deactivated ? a.reactivate : a.deactivate}
        </button>
      </form>
      {!self && (
        <form action={linkAction}>
          <input type="hidden" name="userId" value={userId} />
          <button type="submit" disabled={linking}>
            {a.resetLink}
          </button>
        </form>
      )}
      <span role="status" aria-live="polite">
        {roleState?.ok && <span className="form-ok">{a.done}</span>}
        {refusal(roleState)}
        {refusal(toggled)}
        <ResetLinkNote state={link} a={a} />
      </span>
    </div>
  );
}
