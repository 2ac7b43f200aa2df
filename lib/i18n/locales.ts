/**
 * The languages of the course: the one `Locale` type of the site, the grader and the quizzes.
 * Pure data, safe everywhere (client components, the sandbox child, scripts).
 */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}
