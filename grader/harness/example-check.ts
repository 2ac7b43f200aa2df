import type { Localized } from './messages';
import type { CheckSpec } from './spec';

const TITLE = { en: 'The examples in the statement', zh: '题目中的示例' };
const TITLE_ONE = { en: 'The example in the statement', zh: '题目中的示例' };

/**
 * The check of the statement's examples table: named `examples` (stored results refer to it),
 * shown in the statement and run by Check. Validation proves its inputs are the table's numbers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function examples<I, O, M = any>(spec: Omit<CheckSpec<I, O, M>, 'name' | 'title' | 'visibility' | 'inputs'> & { inputs: I[]; title?: Localized }): CheckSpec<I, O, M> {
  return { name: 'examples', title: spec.inputs.length === 1 ? TITLE_ONE : TITLE, visibility: 'example', ...spec };
}
