import { z } from 'zod';
import { LOCALES } from '../lib/i18n/locales';
import type { Msg } from '../lib/i18n/message';
import { render } from '../lib/i18n/t';

/**
 * The grading result: the one shape every grading ends in, whether it came from a sandbox child,
 * from the pool's watchdog (timeout, crashed child) or from the queue. The site stores it and renders
 * feedback from it; the CLI prints it. The pool validates every result a child sends with this schema.
 */

// `grading_failed` is never produced by a sandbox: the queue writes it when a grading kept crashing.
export const Status = z.enum(['passed', 'failed', 'compile_error', 'runtime_error', 'timeout', 'memory_limit', 'grading_failed']);
export type Status = z.infer<typeof Status>;

export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/**
 * The texts a result shows are stored twice: as the sentence in the language of the grading (the
 * CLI prints it; results stored before keys were kept have only this) and, in the `…I18n` field
 * beside it, as a catalogue key with raw parameters or an author's text in both languages, which
 * pages render in the reader's language (lib/i18n/message.ts).
 */
export const LocalizedText = z.object({ en: z.string(), zh: z.string().optional() });
export const Message: z.ZodType<Msg> = z.lazy(() =>
  z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), Message, LocalizedText])).optional() }),
);
export const Text = z.union([Message, LocalizedText]);

export const Mode = z.enum(['check', 'submit']);
export type Mode = z.infer<typeof Mode>;

/** Where in a structured answer an element sits: `path` indexes the answer (e.g. ['dW', 1, 2, 0]). */
export const Location = z.object({
  path: z.array(z.union([z.string(), z.number().int()])),
  layer: z.number().int().optional().describe('1-based layer l, for per-layer answers such as dW[l-1]'),
  row: z.number().int().optional().describe('0-based row (the label counts from 1, as the statements do)'),
  col: z.number().int().optional().describe('0-based column (the label counts from 1, as the statements do)'),
  label: z.string().describe('human form in the statement\'s notation, counting from 1, e.g. "∂L/∂W⁽²⁾, row 2, column 1"'),
  labelI18n: LocalizedText.optional(),
});
export type Location = z.infer<typeof Location>;

/** A number that survives JSON: NaN and ±Infinity travel as strings. */
export const WireNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);

/** A number, vector or matrix (rows), shown as mathematics. */
export const MathValue = z.union([WireNumber, z.array(WireNumber), z.array(z.array(WireNumber))]);
export type MathValue = z.infer<typeof MathValue>;

/** A named piece of an input, e.g. { name: 'W⁽¹⁾', value: [[1, 2], [3, 4]] }. */
export const InputPart = z.object({ name: z.string(), value: z.union([MathValue, z.string()]) });

/** The worst element of a failing case. */
export const Mismatch = z.object({
  where: Location.optional(),
  expected: WireNumber.optional(),
  got: z.union([WireNumber, z.string()]).optional().describe('a number, or a description like "undefined"'),
  numeric: WireNumber.optional().describe('central-difference value, for gradient checks'),
  absError: WireNumber.optional(),
  relError: WireNumber.optional(),
  expectedText: z.string().optional().describe('expected, with enough digits to differ visibly from gotText'),
  gotText: z.string().optional(),
  block: z
    .object({
      name: z.string(),
      expected: MathValue,
      got: MathValue,
      index: z.array(z.number().int()).describe('0-based position of the worst element inside the block'),
    })
    .optional()
    .describe('the vector or matrix that holds the worst element, reference and answer side by side'),
});
export type Mismatch = z.infer<typeof Mismatch>;

export const ErrorInfo = z.object({
  kind: z.enum(['runtime_error', 'timeout', 'memory_limit']),
  message: z.string(),
  messageI18n: Message.optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const Plot = z.object({
  xLabel: z.string(),
  yLabel: z.string().optional().describe('what the y axis shows, e.g. log₁₀‖δ⁽ˡ⁾‖'),
  x: z.array(z.number()),
  expected: z.array(z.number().nullable()),
  got: z.array(z.number().nullable()),
  samples: z
    .object({ x: z.array(z.number()), expected: z.array(z.number().nullable()), got: z.array(z.number().nullable()) })
    .optional()
    .describe('the check\'s own inputs, drawn as points over the dense curves'),
  kinks: z.array(z.number()).max(8).optional().describe('x where the reference is not differentiable, marked on the plot'),
});
export type Plot = z.infer<typeof Plot>;

/** Relative error per element of one matrix, for the feedback heatmap. */
export const Heatmap = z.object({
  label: z.string(),
  rows: z.number().int(),
  cols: z.number().int(),
  values: z.array(z.number()).describe('row-major relative errors (capped at 1)'),
  kind: z.enum(['matrix', 'vector']).optional().describe('a vector is drawn as one column'),
  expected: z.array(WireNumber).optional().describe('row-major reference values, for the text alternative'),
  got: z.array(WireNumber).optional(),
});
export type Heatmap = z.infer<typeof Heatmap>;

/** One node of a computational graph as drawn in feedback: its op, forward value and gradient (or tangent). */
export const GraphNode = z.object({
  id: z.string().max(24),
  label: z.string().max(24).describe('the statement\'s name (h₁, w) or a constant\'s value'),
  op: z.string().max(24).describe('mul, add, exp, … ; "" for an input or a constant'),
  value: z.union([WireNumber, z.string().max(24)]).nullable().describe('a number, or what was found instead ("getter", "missing", "string")'),
  grad: z.union([WireNumber, z.string().max(24)]).nullable(),
  gap: z.number().int().optional().describe('a placeholder for this many nodes left out of a large graph'),
});
export type GraphNode = z.infer<typeof GraphNode>;

export const GraphPart = z.object({
  nodes: z.array(GraphNode).max(64),
  edges: z.array(z.tuple([z.string().max(24), z.string().max(24)])).max(160).describe('from an input to the node computed from it'),
});
export type GraphPart = z.infer<typeof GraphPart>;

/**
 * The graph the student's code built for one example input (captured by the grader from the
 * student's own objects), beside the reference graph. Sentences are made by the site from these
 * fields, in the reader's language.
 */
export const Graph = z.object({
  mode: z.enum(['reverse', 'forward']).describe('reverse: `grad` is ∂f/∂node; forward: `grad` is the tangent ∂node/∂input'),
  input: z.string().max(200),
  student: GraphPart,
  reference: GraphPart,
  total: z.number().int().describe('nodes found in the student\'s graph, before summarising'),
  wrong: z
    .array(z.object({ label: z.string().max(24), value: z.boolean(), grad: z.boolean() }))
    .max(64)
    .describe('nodes whose value or gradient differs from the reference (matched by label)'),
  firstWrong: z
    .object({
      label: z.string().max(24),
      got: WireNumber,
      expected: WireNumber,
      after: z.string().max(24).optional().describe('the last correct node before it on the pass'),
      local: z.object({ got: WireNumber, expected: WireNumber }).optional().describe('∂after/∂label (reverse) or ∂label/∂after (forward): what the student multiplied by'),
      binary: z
        .object({
          op: z.enum(['add', 'sub', 'mul', 'div']),
          args: z.tuple([z.string().max(24), z.string().max(24)]).describe('the operands a and b: labels, or a constant\'s value'),
          partials: z.tuple([WireNumber, WireNumber]).describe('∂label/∂a and ∂label/∂b at the reference values'),
          tangents: z.tuple([WireNumber, WireNumber]).describe('ȧ and ḃ, both correct in the student\'s graph'),
          used: z.string().max(40).optional().describe('a known wrong rule the student\'s tangent equals, e.g. ȧ·ḃ'),
        })
        .optional()
        .describe('forward mode, a two-input node whose inputs\' tangents are right: the rule and its partials'),
    })
    .optional()
    .describe('reverse: the first node on the backward pass with a wrong gradient; forward: the first with a wrong tangent'),
  firstWrongValue: z.object({ label: z.string().max(24), got: WireNumber, expected: WireNumber }).optional(),
  problems: z.array(z.enum(['cycle', 'limit', 'threw', 'getter', 'noLinks', 'timeout', 'error', 'unreadable'])).max(8),
});
export type Graph = z.infer<typeof Graph>;

export const CheckResult = z.object({
  name: z.string(),
  title: z.string(),
  titleI18n: LocalizedText.optional(),
  kind: z.enum(['value', 'gradient', 'property']),
  visibility: z.enum(['example', 'hidden', 'secret']),
  passed: z.boolean(),
  points: z.number(),
  maxPoints: z.number(),
  message: z.string(),
  messageI18n: Message.optional(),
  cases: z.object({ total: z.number().int(), failed: z.number().int() }),
  input: z.string().optional().describe('the failing input, shown unless the check is secret'),
  inputI18n: Text.optional(),
  inputParts: z.array(InputPart).optional().describe('the failing input as named numbers, vectors and matrices'),
  problem: z
    .enum(['mutated', 'missing_export', 'stack_overflow'])
    .optional()
    .describe('a mistake outside the catalogue that has its own explanation'),
  mismatch: Mismatch.optional(),
  mistake: z.object({ id: z.string(), hint: z.string(), hintI18n: LocalizedText.optional() }).optional(),
  error: ErrorInfo.optional(),
  plot: Plot.optional(),
  heatmaps: z.array(Heatmap).optional(),
  graph: Graph.optional().describe('the computational graph the learner\'s code built, for graph exercises'),
  timeMs: z.number(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const CompileError = z.object({ line: z.number().int(), column: z.number().int(), message: z.string(), messageI18n: LocalizedText.optional() });
export type CompileError = z.infer<typeof CompileError>;

export const GradingResult = z.object({
  exercise: z.string(),
  version: z.string(),
  mode: Mode,
  status: Status,
  score: z.number().min(0).max(1),
  points: z.number(),
  maxPoints: z.number(),
  summary: z.string().describe('one sentence for the student'),
  summaryI18n: Message.optional(),
  checks: z.array(CheckResult),
  compileErrors: z.array(CompileError),
  runtimeError: ErrorInfo.optional(),
  console: z.object({ text: z.string(), truncated: z.boolean() }),
  timeMs: z.number(),
});
export type GradingResult = z.infer<typeof GradingResult>;

/** What the pool is asked to grade. */
export const GradingJob = z.object({
  exerciseId: z.string().min(1).max(100),
  code: z.string(),
  mode: Mode,
  locale: Locale.default('en'),
});
export type GradingJob = z.input<typeof GradingJob>;

/**
 * A result for a grading that ended before any check could report: the child was killed at its
 * deadline, crashed, or the exercise does not exist. Scores 0. Given a message, the result keeps
 * its key for rendering in the reader's language, and its sentence in the job's language.
 */
export function fatalResult(
  job: { exerciseId: string; mode: Mode; locale?: Locale },
  status: Exclude<Status, 'passed' | 'failed' | 'grading_failed'>,
  message: string | Msg,
  extra: { version?: string; timeMs?: number; maxPoints?: number } = {},
): GradingResult {
  const text = typeof message === 'string' ? message : render(job.locale ?? 'en', message);
  const i18n = typeof message === 'string' ? {} : { messageI18n: message };
  return {
    exercise: job.exerciseId,
    version: extra.version ?? 'unknown',
    mode: job.mode,
    status,
    score: 0,
    points: 0,
    maxPoints: extra.maxPoints ?? 0,
    summary: text,
    ...(typeof message === 'string' ? {} : { summaryI18n: message }),
    checks: [],
    compileErrors: [],
    runtimeError: status === 'compile_error' ? undefined : { kind: status === 'runtime_error' ? 'runtime_error' : status, message: text, ...i18n },
    console: { text: '', truncated: false },
    timeMs: extra.timeMs ?? 0,
  };
}
