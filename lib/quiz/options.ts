import { createRandom, token } from './random';
import type { ChoiceQuestion, Option } from './schema';

export interface PresentedOption {
  /** What the browser sees and sends back: opaque, stable per student, revealing nothing. */
  token: string;
  option: Option;
}

/**
 * The options in this student's order, each with its token. Shuffling is seeded by student and
 * question, so a reload shows the same order; `fixed` options keep their place. Tokens (not the
 * author's ids, which often follow the authoring order) are what the page and the grader exchange.
 */
export function presentOptions(q: ChoiceQuestion, seed: string): PresentedOption[] {
  const options = q.options;
  let order = options;
  if (q.shuffle) {
    const movable = options.filter((o) => !o.fixed);
    const shuffled = createRandom(seed, q.id, 'shuffle').shuffle(movable);
    let k = 0;
    order = options.map((o) => (o.fixed ? o : shuffled[k++]!));
  }
  const used = new Set<string>();
  return order.map((option) => {
    let t = `o${token(seed, q.id, 'option', option.id)}`;
    for (let i = 2; used.has(t); i++) t = `o${token(seed, q.id, 'option', option.id, String(i))}`;
    used.add(t);
    return { token: t, option };
  });
}

/** The tokens of the given author option ids, for this student (tests, validation, instructors). */
export function tokensFor(q: ChoiceQuestion, seed: string, optionIds: readonly string[]): string[] {
  const presented = presentOptions(q, seed);
  return optionIds.map((id) => {
    const p = presented.find((x) => x.option.id === id);
    if (!p) throw new Error(`question ${q.id} has no option "${id}"`);
    return p.token;
  });
}
