/** What exercise authors import in `checks.ts`. */
export { check, defineChecks } from './spec';
export type { CheckSpec, ExerciseChecks, InputPart, InputRng, JudgeFailure, MistakeSpec, Path, Place, Tolerance } from './spec';
export type { Localized } from './messages';
export { defaultLocate, entryLabel, sup } from './locate';
export { examples } from './example-check';
export { centralDifference, grid, uniformInputs } from './inputs';
export { kinkJudge, shown } from './kink';
export { closeTo, tolerances } from './tolerances';
