import type { LocalizedText } from './expr';

/** What the quiz grader says, in both languages. `{name}` placeholders are filled by `say`. */
const MESSAGES = {
  correct: { en: 'Correct.', zh: '正确。' },
  incorrect: { en: 'Not correct.', zh: '不正确。' },
  invalidAnswer: { en: 'This answer cannot be read: {expected} is expected.', zh: '无法读取这个答案：应为{expected}。' },
  expectOption: { en: 'the id of one option', zh: '一个选项的 id' },
  expectOptions: { en: 'a list of option ids', zh: '选项 id 的列表' },
  expectNumber: { en: 'a number', zh: '一个数' },
  expectFormula: { en: 'a formula', zh: '一个公式' },
  chooseOne: { en: 'Choose one option.', zh: '请选择一个选项。' },
  chooseNone: { en: 'You chose no option.', zh: '你没有选择任何选项。' },
  unknownOption: {
    en: 'Option `{id}` is not part of this question; reload the page.',
    zh: '选项 `{id}` 不属于本题；请刷新页面。',
  },
  multipleScore: {
    en: 'You chose {right} of the {total} correct options and {wrong} wrong one(s).',
    zh: '你选中了 {total} 个正确选项中的 {right} 个，另选错 {wrong} 个。',
  },
  decimalComma: { en: 'Use a decimal point: write `{fixed}`.', zh: '请使用小数点：写成 `{fixed}`。' },
  numericClose: {
    en: 'Close, but not precise enough: give more significant digits.',
    zh: '接近了，但精度不够：请多给几位有效数字。',
  },
  shapeMismatch: {
    en: 'Your expression is a {got}, but the answer is a {expected}.',
    zh: '你的表达式是{got}，而答案是{expected}。',
  },
  scalar: { en: 'scalar', zh: '标量' },
  matrixOfShape: { en: '{shape} matrix', zh: ' {shape} 矩阵' },
  mustUse: { en: 'Write your answer in terms of {names}.', zh: '请用 {names} 表示你的答案。' },
  scalarMismatch: {
    en: 'Not equivalent to the expected expression: at {point} yours gives {got}, which is not right.',
    zh: '与期望的表达式不等价：在 {point} 处你的表达式取值 {got}，这不对。',
  },
  matrixMismatch: {
    en: 'Not equivalent to the expected expression: for {point}, entry ({row}, {col}) of yours is {got}, which is not right.',
    zh: '与期望的表达式不等价：对于 {point}，你的结果的第 ({row}, {col}) 个元素为 {got}，这不对。',
  },
  randomDraw: { en: 'random values of the symbols (draw {n})', zh: '符号的一组随机取值（第 {n} 组）' },
  unknownQuestion: { en: 'There is no question `{id}` in this quiz.', zh: '本测验中没有题目 `{id}`。' },
  brokenQuestion: {
    en: 'This question cannot be graded right now. Your answer is kept; staff have been told.',
    zh: '本题暂时无法评分。你的答案已保存，已通知课程人员。',
  },
} as const satisfies Record<string, LocalizedText>;

export type QuizMessageKey = keyof typeof MESSAGES;

/** A placeholder value: the same in both languages, or its own text in each. */
export type MessageParam = string | number | LocalizedText;

export function say(key: QuizMessageKey, params: Record<string, MessageParam> = {}): LocalizedText {
  const template: LocalizedText = MESSAGES[key];
  const fillIn = (locale: 'en' | 'zh') =>
    template[locale].replace(/\{(\w+)\}/g, (all, name: string) => {
      if (!Object.hasOwn(params, name)) return all;
      const v = params[name]!;
      return typeof v === 'object' ? v[locale] : String(v);
    });
  return { en: fillIn('en'), zh: fillIn('zh') };
}
