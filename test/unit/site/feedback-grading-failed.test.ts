import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Feedback } from '../../../app/_components/Feedback';
import { messages } from '../../../lib/i18n/catalog';
import { gradingFailedResult } from '../../../lib/queue/verdicts';

/** A submission whose grading kept crashing reads as a verdict, in the student's language. */
describe('feedback for a submission that could not be graded', () => {
  for (const locale of ['en', 'zh'] as const) {
    it(`says so in ${locale}, with score 0 and what to do`, () => {
      const result = gradingFailedResult({ exercise_id: 'sigmoid-prime', exercise_version: 'v1', locale });
      expect(result).toMatchObject({ status: 'grading_failed', score: 0, checks: [] });
      const html = renderToStaticMarkup(createElement(Feedback, { result, t: messages(locale).feedback, messages: messages(locale) }));
      const t = messages(locale).feedback;
      expect(html).toContain('data-status="grading_failed"');
      expect(html).toContain(t.status.grading_failed);
      expect(html).toContain(t.explain.grading_failed);
      expect(t.status.grading_failed).toBe(locale === 'en' ? 'Could not be graded' : '无法评测');
    });
  }
});
