import type { GradingResult } from '../../grader/results';
import type { SubmissionStatus } from '../db/schema';

/** What the browser may see of a submission: its own student's code and feedback, nothing else. */
export interface SubmissionDTO {
  id: string;
  exerciseId: string;
  status: SubmissionStatus;
  score: number | null;
  createdAt: number;
  gradedAt: number | null;
  code: string;
  result: GradingResult | null;
  /** Set by course staff: the score that counts instead of the grader's, and why. */
  override?: OverrideDTO | null;
  late?: boolean;
}

export interface OverrideDTO {
  score: number;
  reason: string;
}

export interface AttemptDTO {
  id: string;
  status: SubmissionStatus;
  /** The score that counts (an override or regrade when there is one). */
  score: number | null;
  createdAt: number;
  late?: boolean;
  /** The factor a late submission's grading counts with (its late mark's); absent when on time. */
  lateFactor?: number;
  override?: OverrideDTO | null;
}

export interface ProgressDTO {
  bestScore: number | null;
  attempts: number;
  /** Course staff changed a score of this exercise by hand. */
  overridden?: boolean;
}

export function isFinal(status: SubmissionStatus): boolean {
  return status !== 'queued' && status !== 'grading';
}
