import type { Locale } from '../results';

/**
 * The sentences the pool itself writes into a verdict (every other verdict comes from the child).
 * Kept alone in this file so that a change to how messages are catalogued and rendered stays here.
 */
const MESSAGES: Record<Locale, Record<PoolMessage, string>> = {
  en: {
    deadline: 'Grading took longer than {s} seconds and was stopped; look for a loop that never ends or work that grows too fast.',
    callLimit: 'Your code ran for longer than {ms} ms on one input, in work that could not be interrupted, and was stopped; look for a loop that never ends, a huge array length or a very large sort.',
    crashed: 'Your code used too much memory and the grader had to stop it; look for an array or string that grows without bound.',
    unreadable: 'The grader could not read the result of this grading; please submit again.',
    tooLarge: 'Your file is too large to grade.',
    stuck: 'The grader could not finish this grading because the machine is overloaded; nothing is wrong with your code as far as we know. Please try again in a moment.',
  },
  zh: {
    deadline: '评测超过 {s} 秒，已被终止；请检查是否有不会结束的循环或增长过快的计算。',
    callLimit: '代码在一个输入上运行超过 {ms} 毫秒，且处于无法中断的计算中，已被终止；请检查是否有不会结束的循环、巨大的数组长度或非常大的排序。',
    crashed: '代码使用了过多内存，评测程序不得不将其终止；请检查是否有无限增长的数组或字符串。',
    unreadable: '评测程序无法读取本次评测的结果；请重新提交。',
    tooLarge: '你的文件太大，无法评测。',
    stuck: '服务器负载过高，评测程序未能完成本次评测；据我们所知你的代码没有问题。请稍后再试。',
  },
};

export type PoolMessage = 'deadline' | 'callLimit' | 'crashed' | 'unreadable' | 'tooLarge' | 'stuck';

/** The message in the student's language, with `{name}` filled from `params`. */
export function poolMessage(locale: Locale, key: PoolMessage, params: Record<string, string | number> = {}): string {
  let text = MESSAGES[locale][key];
  for (const [name, value] of Object.entries(params)) text = text.replace(`{${name}}`, String(value));
  return text;
}
