/**
 * What a grading job carries: only ids; whoever takes it reads the rest from the rows. Without
 * `runId` it grades a student's submission and stores its verdict; with it, it regrades the
 * submission for that regrade run and stores the result beside the original.
 */
export interface GradeJobData {
  submissionId: string;
  runId?: string;
}

/** Students wait for their feedback; a regrade run does not: its jobs are taken after theirs. */
export const SUBMISSION_PRIORITY = 1;
export const REGRADE_PRIORITY = 0;

export function priorityOf(job: GradeJobData): number {
  return job.runId ? REGRADE_PRIORITY : SUBMISSION_PRIORITY;
}

/** The pool's fairness key of a regrade: one owner for every run, so it takes turns with students. */
export const REGRADE_OWNER = 'staff:regrade';
