import type { ColumnType, Generated } from 'kysely';

/**
 * The database's tables as Kysely sees them. better-auth owns `user`, `session`, `account`,
 * `verification` and `rateLimit` (camelCase columns, its own convention); the site's tables use
 * snake_case. Timestamps of the site's tables are epoch milliseconds in a bigint column.
 */

/** Epoch milliseconds. */
export type Millis = number;

/** better-auth stores dates as ISO text on SQLite and timestamptz on PostgreSQL. */
type AuthDate = ColumnType<Date | string, Date | string, Date | string>;
type AuthBool = ColumnType<boolean | number, boolean | number, boolean | number>;

export const ROLES = ['student', 'instructor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: AuthBool;
  image: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
  role: string | null;
  locale: string | null;
  /** Set while the person still has a password someone else chose (migration 009). */
  mustChangePassword: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
}

export interface SessionTable {
  id: string;
  expiresAt: AuthDate;
  token: string;
  createdAt: AuthDate;
  updatedAt: AuthDate;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
  /** Opened by an LTI launch in an LMS frame: its cookie stays SameSite=None (migration 022). */
  embedded: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
}

export interface AccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: AuthDate | null;
  refreshTokenExpiresAt: AuthDate | null;
  scope: string | null;
  password: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}

export interface VerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: AuthDate;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}

export interface RateLimitTable {
  id: string;
  key: string;
  count: number;
  lastRequest: number;
}

/** One instance of the course: a term and class with its own members, dates and gradebook (migration 006). */
export interface OfferingTable {
  id: string;
  slug: string;
  title: string;
  join_code: string;
  created_at: Millis;
  /** "spring 2027, class 2"; null for the first offering. */
  term: string | null;
  /** IANA time zone in which its dates are shown and entered; stored dates are UTC. */
  time_zone: Generated<string>;
  /** Archived offerings are read-only and still exportable. */
  archived_at: Millis | null;
}

export const OFFERING_ROLES = ['student', 'ta', 'instructor'] as const;
export type OfferingRole = (typeof OFFERING_ROLES)[number];

export interface OfferingMemberTable {
  user_id: string;
  offering_id: string;
  created_at: Millis;
  role: ColumnType<OfferingRole, OfferingRole | undefined, OfferingRole>;
  /** Removed from the offering (by staff or an LMS roster sync); the row and its work are kept. */
  deactivated_at: Millis | null;
}

/**
 * `queued` and `grading` are in flight; every other status is a grader verdict, except
 * `grading_failed`: the grading itself kept crashing (score 0, the student is told to resubmit).
 */
export const SUBMISSION_STATUSES = [
  'queued',
  'grading',
  'passed',
  'failed',
  'compile_error',
  'runtime_error',
  'timeout',
  'memory_limit',
  'grading_failed',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface SubmissionTable {
  id: string;
  user_id: string;
  /** Null only for rows no offering could be given (never written so since migration 006). */
  offering_id: string | null;
  exercise_id: string;
  exercise_version: string;
  mode: string;
  status: SubmissionStatus;
  score: number | null;
  points: number | null;
  max_points: number | null;
  code: string;
  /** The full GradingResult, JSON text. */
  result_json: string | null;
  idempotency_key: string;
  locale: string;
  /** How many times grading was started; more than one means it was recovered. */
  grading_attempts: Generated<number>;
  created_at: Millis;
  started_at: Millis | null;
  graded_at: Millis | null;
  /** The grader's own time for the grading (GradingResult.timeMs). */
  grade_ms: number | null;
}

export interface DraftTable {
  user_id: string;
  exercise_id: string;
  code: string;
  updated_at: Millis;
}

/** One submitted quiz: every question graded at once. */
export interface QuizAttemptTable {
  id: string;
  user_id: string;
  offering_id: string | null;
  quiz_id: string;
  /** Content hash of the quiz.yaml that graded it. */
  quiz_version: string;
  /** The answers as sent, keyed by question id (JSON text). */
  answers_json: string;
  /** In [0, 1]: points / max_points. */
  score: number;
  points: number;
  max_points: number;
  /** Per-question verdicts with messages in both languages (JSON text, see lib/site/quizzes). */
  result_json: string;
  /** The language the student used when submitting. */
  locale: string;
  created_at: Millis;
}


// --- Course staff (migration 003_staff) ---

export interface ScoreOverrideTable {
  id: string;
  submission_id: string;
  old_score: number | null;
  new_score: number;
  reason: string;
  by_user_id: string;
  by_name: string;
  created_at: Millis;
  /** 1: this row removes the override (new_score then repeats the score that counted before). */
  removed: Generated<number>;
}

export const REGRADE_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export type RegradeRunStatus = (typeof REGRADE_RUN_STATUSES)[number];

export interface RegradeRunTable {
  id: string;
  offering_id: string | null;
  exercise_id: string;
  /** Only this student's submissions, or every student's when null. */
  user_id: string | null;
  status: RegradeRunStatus;
  total: number;
  exercise_version: string;
  created_by: string;
  created_at: Millis;
  finished_at: Millis | null;
  error: string | null;
  /** 1: its results count only once applied. */
  dry_run: Generated<number>;
  applied_at: Millis | null;
}

export interface RegradeTargetTable {
  run_id: string;
  submission_id: string;
}

export interface RegradeTable {
  id: string;
  run_id: string;
  submission_id: string;
  exercise_version: string;
  status: string;
  score: number;
  result_json: string;
  created_at: Millis;
}

export const WINDOW_TARGET_KINDS = ['exercise', 'quiz', 'section', 'assignment'] as const;
export type WindowTargetKind = (typeof WINDOW_TARGET_KINDS)[number];

/**
 * Dates and rules for one item (or a section or assignment of items) in one offering. The most
 * specific row wins per field: exercise or quiz, then assignment, then section.
 */
export interface ItemWindowTable {
  offering_id: string;
  target_kind: WindowTargetKind;
  target_id: string;
  opens_at: Millis | null;
  due_at: Millis | null;
  /** After this, submissions are refused; between due and close they are late. */
  close_at: Millis | null;
  /** JSON of a LatePolicy, or null to inherit. */
  late_policy: string | null;
  max_attempts: number | null;
  counts: 'best' | 'last' | null;
  updated_by: string;
  updated_at: Millis;
}

/** One student's own due and close dates for an item. */
export interface ExtensionTable {
  id: string;
  offering_id: string;
  user_id: string;
  target_kind: WindowTargetKind;
  target_id: string;
  due_at: Millis | null;
  close_at: Millis | null;
  reason: string;
  by_user_id: string;
  created_at: Millis;
}

export type ItemKind = 'exercise' | 'quiz';

/** A grouping of items with its own weights and dates ("Homework 3: 4.4 backprop"). */
export interface AssignmentTable {
  id: string;
  offering_id: string;
  title: string;
  position: Generated<number>;
  created_at: Millis;
}

export interface AssignmentItemTable {
  assignment_id: string;
  item_kind: ItemKind;
  item_id: string;
  points: number;
  position: Generated<number>;
}

/** One student's score for an item set by staff; append-only, the newest row decides, a null score removes it. */
export interface ItemOverrideTable {
  id: string;
  offering_id: string;
  user_id: string;
  item_kind: ItemKind;
  item_id: string;
  score: number | null;
  reason: string;
  by_user_id: string;
  by_name: string;
  created_at: Millis;
}

export interface LateSubmissionTable {
  submission_id: string;
  due_at: Millis;
  /** What the late policy made the score worth when it was recorded (migration 007); null (older marks) counts as 1. */
  factor: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A quiz attempt recorded after its due date, with the factor it counts with (migration 007). */
export interface LateQuizAttemptTable {
  attempt_id: string;
  due_at: Millis;
  factor: number;
}

export interface RosterEntryTable {
  offering_id: string;
  email: string;
  name: string;
  student_number: string;
  created_at: Millis;
}

export interface AccountBlockTable {
  user_id: string;
  by_user_id: string;
  created_at: Millis;
}

export interface StaffTables {
  score_override: ScoreOverrideTable;
  regrade_run: RegradeRunTable;
  regrade_target: RegradeTargetTable;
  regrade: RegradeTable;
  item_window: ItemWindowTable;
  extension: ExtensionTable;
  assignment: AssignmentTable;
  assignment_item: AssignmentItemTable;
  item_override: ItemOverrideTable;
  late_submission: LateSubmissionTable;
  late_quiz_attempt: LateQuizAttemptTable;
  roster_entry: RosterEntryTable;
  account_block: AccountBlockTable;
}
// --- end course staff ---

export interface Database extends StaffTables {
  user: UserTable;
  session: SessionTable;
  account: AccountTable;
  verification: VerificationTable;
  rateLimit: RateLimitTable;
  offering: OfferingTable;
  offering_member: OfferingMemberTable;
  submission: SubmissionTable;
  draft: DraftTable;
  quiz_attempt: QuizAttemptTable;
}

/** A grading worker's heartbeat row (migration 004). */
export interface GradingWorkerTable {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  started_at: Millis;
  seen_at: Millis;
  graded: Generated<number>;
}

export const GRADING_JOB_STATES = ['queued', 'taken', 'done', 'failed'] as const;
export type GradingJobState = (typeof GRADING_JOB_STATES)[number];

/** A job of the SQLite grading queue (migration 005); PostgreSQL uses pg-boss's tables instead. */
export interface GradingJobTable {
  id: string;
  submission_id: string;
  /** Set for a regrade: the run the result belongs to. */
  run_id: string | null;
  state: GradingJobState;
  priority: Generated<number>;
  /** Not taken before this time (the delay of a retry). */
  run_after: Millis;
  /** Times a process took it. */
  attempts: Generated<number>;
  /** Times its taker died holding it; past the retry limit the job fails. */
  lost: Generated<number>;
  taken_by: string | null;
  taken_at: Millis | null;
  created_at: Millis;
  finished_at: Millis | null;
}

export interface Database {
  grading_worker: GradingWorkerTable;
  grading_job: GradingJobTable;
}

// --- Course staff's quiz tools (migration 008_quiz_staff) ---

/** One quiz attempt's score set by hand; append-only, the newest row counts, the rows are the audit. */
export interface QuizAttemptOverrideTable {
  id: string;
  attempt_id: string;
  offering_id: string;
  old_score: number | null;
  new_score: number;
  reason: string;
  by_user_id: string;
  by_name: string;
  created_at: Millis;
}

/** Stored quiz answers graded again against the quiz as it is now (after a key change). */
export interface QuizRegradeRunTable {
  id: string;
  offering_id: string;
  quiz_id: string;
  user_id: string | null;
  quiz_version: string;
  total: number;
  changed: number;
  created_by: string;
  created_at: Millis;
}

/** One attempt's regrade, kept beside the original; the newest counts unless overridden. */
export interface QuizRegradeTable {
  id: string;
  run_id: string;
  attempt_id: string;
  quiz_version: string;
  score: number;
  points: number;
  max_points: number;
  result_json: string;
  created_at: Millis;
}

// --- LTI 1.3 (migration 011_lti, lib/lti) ---

export interface LtiPlatformTable {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  /** JSON array of accepted deployment ids. */
  deployment_ids: string;
  auth_url: string;
  token_url: string;
  jwks_url: string;
  created_at: Millis;
}

export interface LtiKeyTable {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at: Millis;
  retired_at: Millis | null;
}

export interface LtiLoginTable {
  state: string;
  nonce: string;
  platform_id: string;
  browser_hash: string;
  /** JSON of the login initiation's parameters (LoginParams in lib/lti/login.ts). */
  params: string;
  created_at: Millis;
  used_at: Millis | null;
}

export interface LtiUserTable {
  issuer: string;
  sub: string;
  user_id: string;
  created_at: Millis;
}

export interface LtiContextTable {
  platform_id: string;
  context_id: string;
  offering_id: string | null;
  title: string | null;
  memberships_url: string | null;
  lineitems_url: string | null;
  roster_synced_at: Millis | null;
  created_at: Millis;
}

export interface LtiResourceLinkTable {
  platform_id: string;
  resource_link_id: string;
  context_id: string | null;
  item_kind: string;
  item_id: string;
  lineitem_url: string | null;
  created_at: Millis;
}

export interface LtiDeepLinkTable {
  id: string;
  platform_id: string;
  user_id: string;
  deployment_id: string;
  context_id: string | null;
  return_url: string;
  /** The request's opaque `data`, returned unchanged. */
  data: string | null;
  created_at: Millis;
  used_at: Millis | null;
  /** deep_linking_settings (migration 024): accepted types as a JSON array; accept_multiple and accept_lineitem as 1/0, null when not said. */
  accept_types: string | null;
  accept_multiple: number | null;
  accept_lineitem: number | null;
}

export const LTI_OUTBOX_STATES = ['pending', 'sent', 'superseded'] as const;
export type LtiOutboxState = (typeof LTI_OUTBOX_STATES)[number];

export interface LtiScoreOutboxTable {
  id: string;
  platform_id: string;
  lineitem_url: string;
  user_id: string;
  lti_sub: string;
  item_kind: string;
  item_id: string;
  score_given: number;
  score_maximum: number;
  scored_at: Millis;
  state: LtiOutboxState;
  attempts: Generated<number>;
  next_attempt_at: Millis;
  last_error: string | null;
  sent_at: Millis | null;
  created_at: Millis;
  /** The offering the score counts in (migration 018; null on rows queued before it). */
  offering_id: string | null;
}

export const LTI_AUDIT_ACTIONS = ['platform.register', 'platform.update', 'platform.remove', 'key.rotate', 'score.resend', 'roster.sync'] as const;
export type LtiAuditAction = (typeof LTI_AUDIT_ACTIONS)[number];

/** One change staff made to LMS connections (lib/staff/lti.ts). */
export interface LtiAuditTable {
  id: string;
  offering_id: string | null;
  action: LtiAuditAction;
  detail: string;
  by_user_id: string;
  by_name: string;
  created_at: Millis;
}

export interface Database {
  quiz_attempt_override: QuizAttemptOverrideTable;
  quiz_regrade_run: QuizRegradeRunTable;
  quiz_regrade: QuizRegradeTable;
  lti_platform: LtiPlatformTable;
  lti_key: LtiKeyTable;
  lti_login: LtiLoginTable;
  lti_user: LtiUserTable;
  lti_context: LtiContextTable;
  lti_resource_link: LtiResourceLinkTable;
  lti_deep_link: LtiDeepLinkTable;
  lti_score_outbox: LtiScoreOutboxTable;
  lti_audit: LtiAuditTable;
}
