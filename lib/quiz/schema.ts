import { z } from 'zod';
import { Slug } from '../content/schema';
import { SECTION_IDS } from '../content/sections';

/**
 * The format of `exercises/<section>/<quiz-id>/quiz.yaml`: the single source of truth for what a
 * quiz file may say. `.strict()` everywhere so a misspelt key is an error. Deeper rules (option ids
 * that exist, expressions that parse, parameters that are declared) are checked in check.ts, with
 * the same paths, so every problem is reported at its line.
 */

export const Text = z
  .object({
    en: z.string().trim().min(1).max(4000).describe('English: Markdown with KaTeX math between $…$'),
    zh: z.string().trim().min(1).max(4000).describe('Chinese, in the book’s terms (神经元, 净输入, 误差项 …)'),
  })
  .strict()
  .describe('a text in both languages');
export type Text = z.infer<typeof Text>;

export const Expression = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .describe('a formula in the quiz expression language, e.g. "1 - tanh(x)^2" or "delta_l * a_prev^T"');

const Name = z.string().describe('a name of letters, digits and _, starting with a letter');

export const Tolerance = z
  .object({
    abs: z.number().min(0).optional().describe('accepted absolute error'),
    rel: z.number().min(0).max(1).optional().describe('accepted error relative to the expected value'),
  })
  .strict()
  .describe('an answer is accepted when it is within abs or within rel of the expected value (a missing field accepts nothing)');
export type Tolerance = z.infer<typeof Tolerance>;

const RangeParam = z
  .object({
    min: z.number().describe('smallest value'),
    max: z.number().describe('largest value'),
    step: z.number().positive().describe('values are min, min + step, … ≤ max'),
    exclude: z.array(z.number()).max(50).default([]).describe('values never drawn, e.g. 0 for a weight'),
  })
  .strict()
  .describe('a number drawn uniformly from a grid');
const ChoiceParam = z
  .object({ choices: z.array(z.number()).min(1).max(100).describe('one of these, uniformly') })
  .strict()
  .describe('a number drawn from a list');
export const Param = z.union([RangeParam, ChoiceParam]).describe('a number drawn per student');
export type Param = z.infer<typeof Param>;

const WrongAnswer = z
  .union([
    Expression,
    z
      .object({
        answer: Expression.describe('a typical wrong answer'),
        feedback: Text.optional().describe('shown to a student whose answer is equivalent to this one'),
      })
      .strict(),
  ])
  .describe('a common mistake: it must score below 1 (npm run exercises:validate checks it)');

const questionBase = {
  id: Slug.describe('unique within the quiz; answers are stored under it, so never rename it'),
  points: z.number().positive().max(100).default(1).describe('weight of the question within the quiz'),
  prompt: Text.describe('the question; with params, {{name}} inserts a drawn value'),
  explanation: Text.optional().describe('why the answer is what it is; returned with the grade'),
  params: z
    .record(Name, Param)
    .optional()
    .describe('numbers drawn per student (seeded by student and question), so each student sees their own'),
  derived: z
    .record(Name, Expression)
    .optional()
    .describe('values computed from params (in order), for answers and for {{name}} in texts; never shown unless interpolated'),
  require: z
    .array(Expression)
    .max(10)
    .optional()
    .describe('expressions over params and derived values that must all be positive; draws that fail are redrawn'),
};

const OptionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and hyphens').describe('stable option id');

const Option = z
  .object({
    id: OptionId,
    text: Text.describe('the option as shown'),
    feedback: Text.optional().describe('shown to a student who chose this option'),
    fixed: z.boolean().default(false).describe('keep this option at its position when shuffling (e.g. "none of the above")'),
  })
  .strict();
export type Option = z.infer<typeof Option>;

const choiceFields = {
  options: z.array(Option).min(2).max(12).describe('the choices, shuffled per student unless shuffle is false'),
  shuffle: z.boolean().default(true).describe('shuffle the options per student'),
};

export const SingleQuestion = z
  .object({
    ...questionBase,
    type: z.literal('single').describe('choose exactly one option'),
    ...choiceFields,
    correct: OptionId.describe('id of the correct option'),
  })
  .strict();

export const MultipleQuestion = z
  .object({
    ...questionBase,
    type: z.literal('multiple').describe('choose every correct option; score (right − wrong chosen) / #correct, at least 0'),
    ...choiceFields,
    correct: z.array(OptionId).min(1).describe('ids of all correct options'),
  })
  .strict();

export const NumericQuestion = z
  .object({
    ...questionBase,
    type: z.literal('numeric').describe('a number; students may type it as a formula such as 1/4 or 0.25^5'),
    answer: z.union([z.number(), Expression]).describe('the value, or a formula over params and derived values'),
    tolerance: Tolerance.default({ rel: 1e-3 }),
    unit: Text.optional().describe('shown after the answer box, e.g. "parameters"'),
    wrongAnswers: z.array(WrongAnswer).max(20).default([]).describe('typical wrong values, formulas over params allowed'),
  })
  .strict();

const Variable = z
  .object({
    min: z.number().default(-2).describe('smallest sampled value'),
    max: z.number().default(2).describe('largest sampled value'),
    tex: z.string().max(80).optional().describe('LaTeX for the preview, e.g. \\delta^{(l)}'),
  })
  .strict();

const FunctionDecl = z
  .object({
    tex: z.string().max(80).optional().describe('LaTeX for the preview, e.g. "f_l\'"'),
  })
  .strict()
  .describe('an unspecified elementwise function such as f′; the grader uses a different smooth function at every draw');

const expressionFields = {
  functions: z.record(Name, FunctionDecl).default({}).describe('elementwise functions the answer may call'),
  answer: Expression.describe('the reference expression; it must score 1'),
  mustUse: z.array(Name).max(10).default([]).describe('names the answer must contain, e.g. [tanh] for "in terms of tanh(x)"'),
  wrongAnswers: z.array(WrongAnswer).max(20).default([]).describe('typical mistakes, each must score below 1'),
};

export const ExpressionQuestion = z
  .object({
    ...questionBase,
    type: z.literal('expression').describe('a scalar formula, graded by evaluating it and the reference at random points'),
    variables: z.record(Name, Variable).describe('the scalar variables the answer may use, with their sampling ranges'),
    ...expressionFields,
    tolerance: Tolerance.default({ rel: 1e-6, abs: 1e-9 }),
    samples: z.number().int().min(3).max(50).default(10).describe('random points compared'),
  })
  .strict();

const DimRef = z.union([Name, z.number().int().min(1).max(16)]).describe('a dimension name from dims, or a size');

/**
 * What values a symbol stands for. Random evaluation proves two formulas equal only on the values
 * it draws, so a formula that is right only because y is one-hot (Σ y = 1) must be compared on
 * one-hot draws, or a correct derivation scores 0.
 */
export const SymbolDomain = z
  .enum(['real', 'positive', 'one-hot', 'probability', 'symmetric'])
  .describe(
    'real: entries uniform in [min, max]. positive: the same, and min must be > 0. one-hot: a vector with a single 1 (a class label; min/max unused). probability: a vector of positive entries summing to 1 (a softmax output; min/max unused). symmetric: a square matrix equal to its transpose, entries in [min, max]',
  );
export type SymbolDomain = z.infer<typeof SymbolDomain>;

const MatrixSymbol = z
  .object({
    shape: z.tuple([DimRef, DimRef]).describe('rows and columns, e.g. [M_l, 1] for a column vector'),
    tex: z.string().max(80).optional().describe('LaTeX for the preview, e.g. "W^{(l+1)}"'),
    min: z.number().default(-1).describe('smallest sampled entry'),
    max: z.number().default(1).describe('largest sampled entry'),
    domain: SymbolDomain.default('real'),
  })
  .strict();

export const MatrixQuestion = z
  .object({
    ...questionBase,
    type: z.literal('matrix').describe('a matrix formula: shapes are checked first, then values at random matrices'),
    dims: z
      .record(Name, z.number().int().min(2).max(16))
      .describe('symbolic dimensions with the sizes used for grading; distinct sizes, so a transposition is a shape error'),
    symbols: z.record(Name, MatrixSymbol).describe('the matrices, vectors and scalars the answer may use'),
    ...expressionFields,
    tolerance: Tolerance.default({ rel: 1e-6, abs: 1e-9 }),
    samples: z.number().int().min(2).max(20).default(4).describe('random draws of all symbols compared'),
  })
  .strict();

export const Question = z.discriminatedUnion('type', [SingleQuestion, MultipleQuestion, NumericQuestion, ExpressionQuestion, MatrixQuestion]);
export type Question = z.infer<typeof Question>;
export type SingleQuestion = z.infer<typeof SingleQuestion>;
export type MultipleQuestion = z.infer<typeof MultipleQuestion>;
export type NumericQuestion = z.infer<typeof NumericQuestion>;
export type ExpressionQuestion = z.infer<typeof ExpressionQuestion>;
export type MatrixQuestion = z.infer<typeof MatrixQuestion>;
export type ChoiceQuestion = SingleQuestion | MultipleQuestion;
export type FormulaQuestion = ExpressionQuestion | MatrixQuestion;

export const QuizFile = z
  .object({
    id: Slug.describe('unique among quizzes and exercises, equal to the folder name; answers refer to it forever'),
    title: Text.describe('shown in lists and as the page heading'),
    section: z.enum(SECTION_IDS).describe('the chapter section; must match the folder'),
    points: z.number().positive().max(100).describe('weight of the whole quiz in the gradebook'),
    order: z.number().int().min(0).max(1000).default(100).describe('position within its section'),
    summary: Text.optional().describe('one line for the course home'),
    tags: z.array(z.string().min(1).max(40)).max(20).default([]).describe('topics, for search and statistics'),
    questions: z.array(Question).min(1).max(40).describe('the questions, in the order shown'),
    draft: z.boolean().default(false).describe('true keeps the quiz hidden from students on purpose (staff still see it in authoring and preview)'),
  })
  .strict();
export type QuizFile = z.infer<typeof QuizFile>;
