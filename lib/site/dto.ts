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
}

export interface AttemptDTO {
  id: string;
  status: SubmissionStatus;
  score: number | null;
  createdAt: number;
}

export interface ProgressDTO {
  bestScore: number | null;
  attempts: number;
}

export function isFinal(status: SubmissionStatus): boolean {
  return status !== 'queued' && status !== 'grading';
}
