/**
 * Every word the site's interface says, in each language. Components take their text from here
 * (`t.home.title`), never from literals, so a translation is one file. The grader's feedback
 * sentences live with the grader (grader/harness/messages.ts).
 */
const en = {
  site: {
    name: 'deltalab',
    tagline: 'Practice how neural networks compute and learn',
    language: 'Language',
    languages: { en: 'English', zh: '中文' },
    skipToContent: 'Skip to content',
  },
  home: {
    title: 'Chapter 4 · Feedforward neural networks',
    intro:
      'Exercises and quizzes for chapter 4 of Neural Networks and Deep Learning. Write the code, submit it, and the grader checks your math against a reference autodiff engine within milliseconds.',
    section: 'Section',
    exercises: 'Exercises',
    noExercises: 'No exercises in this section yet.',
    points: 'points',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;

const zh: Messages = {
  site: {
    name: 'deltalab',
    tagline: '练习神经网络如何计算与学习',
    language: '语言',
    languages: { en: 'English', zh: '中文' },
    skipToContent: '跳到正文',
  },
  home: {
    title: '第 4 章 · 前馈神经网络',
    intro: '《神经网络与深度学习》第 4 章的编程练习与测验。写代码、提交，评测器会在几毫秒内用参考自动微分引擎检查你的数学。',
    section: '节',
    exercises: '练习',
    noExercises: '本节暂无练习。',
    points: '分',
  },
};

export const LOCALES = ['en', 'zh'] as const;
export type SiteLocale = (typeof LOCALES)[number];
export const CATALOG: Record<SiteLocale, Messages> = { en, zh };

export function messages(locale: SiteLocale): Messages {
  return CATALOG[locale] ?? en;
}
