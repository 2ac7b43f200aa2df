'use client';

import { usePathname } from 'next/navigation';
import { switchOfferingAction } from '../offering-actions';

export interface SwitcherChoice {
  id: string;
  label: string;
  current: boolean;
}

/**
 * The header's offering switcher: a plain form (works without JS). Choosing does not submit by
 * itself (a change of context on input surprises keyboard and screen-reader users); the button
 * does. The server action sets the offering cookie and the page is drawn again in that offering.
 */
export function OfferingSwitcher({ choices, label, submit }: { choices: SwitcherChoice[]; label: string; submit: string }) {
  const path = usePathname();
  // Acting in none (a site instructor before their first offering): a blank choice, not the first
  // offering shown as if it were the current one.
  const current = choices.find((c) => c.current)?.id ?? '';
  return (
    <form action={switchOfferingAction} className="offering-switch">
      <input type="hidden" name="back" value={path} />
      <label>
        <span className="sr-only">{label}</span>
        {/* Keyed by the current offering: after a switch the page is drawn again without remounting
            the header, and an uncontrolled select would keep showing the old choice. */}
        <select key={current} name="offeringId" defaultValue={current} required>
          {current === '' && (
            <option value="" disabled>
              —
            </option>
          )}
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="link-button">
        {submit}
      </button>
    </form>
  );
}
