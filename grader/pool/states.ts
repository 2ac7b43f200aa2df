/**
 * The states of a sandbox child (child.ts) and the only moves between them. A move the table does
 * not list throws: a bookkeeping mistake in the pool shows up at once, with both states named,
 * instead of as a grading that never ends (as PrairieLearn's code caller asserts its states).
 */

export type ChildState =
  /** forked; has not said `ready` yet */
  | 'starting'
  /** warm, no grading */
  | 'idle'
  /** a grading was sent; the child has not yet said the exercise's budget (no learner code runs yet) */
  | 'assigned'
  /** the child said the budget: the grading's CPU time counts from here */
  | 'grading'
  /** SIGKILL sent (not trusted any more, retired, or the pool closes); waiting for the exit */
  | 'stopping'
  /** the process is gone */
  | 'exited';

export const CHILD_STATES: Readonly<Record<ChildState, readonly ChildState[]>> = {
  starting: ['idle', 'stopping', 'exited'],
  idle: ['assigned', 'stopping', 'exited'],
  // → idle: a result from a child that does not send budgets (or that sent none for this grading)
  assigned: ['grading', 'idle', 'stopping', 'exited'],
  grading: ['idle', 'stopping', 'exited'],
  stopping: ['exited'],
  exited: [],
};

/**
 * What a child is for, apart from its state: a warm `spare` takes no grading until it replaces a
 * killed working child; a `retiring` one has served recycleAfter gradings and serves on only until
 * its successor is ready.
 */
export type ChildRole = 'spare' | 'working' | 'retiring';

export const CHILD_ROLES: Readonly<Record<ChildRole, readonly ChildRole[]>> = {
  spare: ['working'],
  working: ['retiring'],
  retiring: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly what: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`Illegal ${what} transition: ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Returns `to` when the table allows the move from `from`; throws IllegalTransitionError otherwise. */
export function transition<S extends string>(table: Readonly<Record<S, readonly S[]>>, what: string, from: S, to: S): S {
  if (!table[from].includes(to)) throw new IllegalTransitionError(what, from, to);
  return to;
}
