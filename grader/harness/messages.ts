import type { Locale } from '../results';

/**
 * Every sentence the grader says to a student, in each language. `{name}` placeholders are filled
 * by `say`. Kept apart from the site's catalogue because the grader runs without the site.
 */
const MESSAGES = {
  en: {
    allPassed: 'All checks passed ({n} of {n}).',
    somePassed: '{passed} of {n} {n:check|checks} passed ({points} of {max} points).',
    examplesPassed: 'The example {n:check|checks} passed ({n} of {n}). Submit to run the hidden checks.',
    compileError: 'Your code does not compile: {message}',
    tooLarge: 'Your file is {size} kB; the limit for this exercise is {limit} kB.',
    loadError: 'Your module threw an error while loading: {message}',
    checkPassed: 'Correct on all {n} inputs.',
    checkPassedOne: 'Correct.',
    valueMismatch: 'Wrong on {failed} of {n} {n:input|inputs}. Worst{where}: expected {expected}, got {got} (relative error {rel}).',
    atPlace: ' at {place}',
    gradientMismatch: 'Wrong on {failed} of {n} {n:input|inputs}. Worst{where}: the reference gradient is {expected} (central difference {numeric}), you returned {got} (relative error {rel}).',
    gradientMismatchNoNumeric: 'Wrong on {failed} of {n} {n:input|inputs}. Worst{where}: the reference gradient is {expected}, you returned {got} (relative error {rel}).',
    shapeMismatch: 'Wrong shape on {failed} of {n} {n:input|inputs}: {detail}',
    mutated: 'You changed `{name}`; copy it first (`const copy = [...{name}]`) and change the copy: a function must leave its arguments as they came.',
    mutatedMatrix: 'You changed `{name}`; copy it first (`{name}.map((row) => [...row])`) and change the copy: a function must leave its arguments as they came.',
    missingExport: 'export function {name} was not found: the checks call {name}(…) from your file. Check its name (capitals count) and that it is exported.',
    stackOverflow: 'Stack overflow: your code called itself (or a chain of functions) without end. Look for a function that calls itself with the same arguments, or a recursion without a base case.',
    compileAt: '{message} (line {line}, column {column})',
    threw: 'Your code threw an error: {message}',
    timeout: 'Your code ran for longer than {ms} ms on this input; look for a loop that never ends or work that grows too fast.',
    timeoutTotal: 'The whole grading took longer than {ms} ms, so the remaining checks were not run.',
    memory: 'Your code used more than {mb} MB of memory; look for an array or string that grows without bound.',
    skipped: 'Not run: an earlier check ended the grading.',
    unknownExercise: 'There is no exercise "{id}".',
    brokenExercise: 'This exercise cannot be graded right now (its checks failed to load). Your submission is kept; staff have been told.',
    answer: 'the answer',
    expectedNumber: 'at {where} a number is expected, but you returned {got}',
    expectedArray: 'at {where} an array of length {length} is expected, but you returned {got}',
    wrongLength: 'at {where} {length} entries are expected, but you returned {gotLength}',
    expectedObject: 'at {where} an object with field "{key}" is expected, but you returned {got}',
    expectedValue: 'at {where} {expected} is expected, but you returned {got}',
    secretInput: '(this input is kept secret)',
  },
  zh: {
    allPassed: '全部 {n} 项检查通过。',
    somePassed: '{n} 项检查中通过 {passed} 项（得分 {points} / {max}）。',
    examplesPassed: '全部 {n} 项示例检查通过。提交后将运行隐藏检查。',
    compileError: '代码无法编译：{message}',
    tooLarge: '你的文件有 {size} kB，本题上限为 {limit} kB。',
    loadError: '模块加载时抛出错误：{message}',
    checkPassed: '在全部 {n} 个输入上正确。',
    checkPassedOne: '正确。',
    valueMismatch: '在 {n} 个输入中有 {failed} 个错误。最大误差{where}：期望 {expected}，得到 {got}（相对误差 {rel}）。',
    gradientMismatch: '在 {n} 个输入中有 {failed} 个错误。最大误差{where}：参考梯度为 {expected}（中心差分 {numeric}），你的结果为 {got}（相对误差 {rel}）。',
    gradientMismatchNoNumeric: '在 {n} 个输入中有 {failed} 个错误。最大误差{where}：参考梯度为 {expected}，你的结果为 {got}（相对误差 {rel}）。',
    atPlace: '位于 {place}',
    shapeMismatch: '在 {n} 个输入中有 {failed} 个形状错误：{detail}',
    mutated: '你修改了 `{name}`；请先复制一份（`const copy = [...{name}]`）再修改副本：函数不能改变传入的参数。',
    mutatedMatrix: '你修改了 `{name}`；请先复制一份（`{name}.map((row) => [...row])`）再修改副本：函数不能改变传入的参数。',
    missingExport: '没有找到 export function {name}：检查会从你的文件中调用 {name}(…)。请核对函数名（区分大小写）并确认已用 export 导出。',
    stackOverflow: '栈溢出：你的代码无休止地调用自身（或一串函数互相调用）。请检查是否有函数用相同的参数调用自己，或递归缺少终止条件。',
    compileAt: '{message}（第 {line} 行，第 {column} 列）',
    threw: '代码抛出错误：{message}',
    timeout: '代码在这个输入上运行超过 {ms} 毫秒；请检查是否有不会结束的循环或增长过快的计算。',
    timeoutTotal: '整个评测超过 {ms} 毫秒，其余检查未运行。',
    memory: '代码使用的内存超过 {mb} MB；请检查是否有无限增长的数组或字符串。',
    skipped: '未运行：之前的检查结束了评测。',
    unknownExercise: '不存在练习 "{id}"。',
    brokenExercise: '本练习暂时无法评测（检查程序加载失败）。你的提交已保存，已通知课程人员。',
    answer: '答案',
    expectedNumber: '{where} 处应为一个数，但你返回了 {got}',
    expectedArray: '{where} 处应为长度为 {length} 的数组，但你返回了 {got}',
    wrongLength: '{where} 处应有 {length} 个元素，但你返回了 {gotLength} 个',
    expectedObject: '{where} 处应为含字段 "{key}" 的对象，但你返回了 {got}',
    expectedValue: '{where} 处应为 {expected}，但你返回了 {got}',
    secretInput: '（该输入保密）',
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)['en'];

export function say(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = MESSAGES[locale]?.[key] ?? MESSAGES.en[key];
  // `{n:one|other}` picks a word by the number, as the site's `format` does.
  return template.replace(/\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined) return String(params[name]);
    return Number(params[name]) === 1 ? one : (other ?? '');
  });
}

/** A text given in one or more languages; English is required. */
export type Localized = string | { en: string; zh?: string };

export function localize(text: Localized, locale: Locale): string {
  if (typeof text === 'string') return text;
  return (locale === 'zh' ? text.zh : undefined) ?? text.en;
}

/**
 * The compiler's (esbuild's) messages in the student's language: the common syntax errors are
 * translated, anything else is kept as the compiler said it.
 */
const COMPILE_ZH: [RegExp, string][] = [
  [/^Expected (.+) but found (.+)$/, '此处应为 $1，实际是 $2'],
  [/^Expected (.+)$/, '此处应为 $1'],
  [/^Unexpected end of file$/, '文件意外结束（可能缺少右括号或右花括号）'],
  [/^Unexpected (.+)$/, '意外的 $1'],
  [/^Unterminated string literal$/, '字符串没有结束引号'],
  [/^Unterminated template literal$/, '模板字符串没有结束的反引号'],
  [/^Unterminated regular expression$/, '正则表达式没有结束'],
  [/^The symbol (.+) has already been declared$/, '符号 $1 已经声明过'],
  [/^Cannot assign to (.+) because it is a constant$/, '不能给 $1 赋值，因为它是常量'],
  [/^Multiple exports with the same name (.+)$/, '有多个同名导出 $1'],
  [/^The file is (.+) long; the limit is (.+)\.$/, '文件长度为 $1，上限为 $2。'],
];

export function compileMessage(message: string, locale: Locale): string {
  if (locale !== 'zh') return message;
  for (const [pattern, zh] of COMPILE_ZH) if (pattern.test(message)) return message.replace(pattern, zh);
  return message;
}
