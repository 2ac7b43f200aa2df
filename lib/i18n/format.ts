/**
 * Fills `{name}` placeholders of a catalogue message. `{name:one|other}` picks a word by the
 * number: '{n} {n:question|questions} unanswered' gives "1 question unanswered", "2 questions …".
 * Safe to use in client components.
 */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    if (one === undefined) return String(params[name]);
    return Number(params[name]) === 1 ? one : (other ?? '');
  });
}
