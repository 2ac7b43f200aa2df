import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Feedback } from '../../../app/_components/Feedback';
import { gradeJob } from '../../../grader/grade';
import { GradingResult } from '../../../grader/results';
import { openSession } from '../../../grader/sandbox/session';
import { transpile } from '../../../grader/sandbox/transpile';
import { messages } from '../../../lib/i18n/catalog';
import { readMistakeSource } from '../../../lib/content/mistakes';
import type { Locale } from '../../../lib/i18n/locales';

/**
 * Feedback is rendered when it is read: a submission graded while the student used one language
 * reads in the other after they switch (and for staff who read it in theirs). Graded for real:
 * transpiler, isolate, harness; then stored and read back as JSON, as the site does.
 */
const CJK = /[\u3400-\u9fff\uff00-\uffef]/;
const mistake = readMistakeSource('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'exercises/4.1-neurons/sigmoid-prime/.meta/mistakes/returns-sigma.patch');

async function gradedIn(locale: Locale, code: string): Promise<GradingResult> {
  const result = await gradeJob({ exerciseId: 'sigmoid-prime', code, mode: 'submit', locale }, { transpile, openSession });
  return GradingResult.parse(JSON.parse(JSON.stringify(result)));
}

function read(result: GradingResult, locale: Locale): string {
  const m = messages(locale);
  return renderToStaticMarkup(createElement(Feedback, { result, t: m.feedback, messages: m }));
}

/** The visible text of one element picked by its test id. */
function textOf(html: string, testid: string): string {
  const m = new RegExp(`data-testid="${testid}"[^>]*>([\\s\\S]*?)</(?:p|div)>`).exec(html);
  return (m?.[1] ?? '').replace(/<[^>]+>/g, '');
}

describe('feedback in the reader’s language', () => {
  it('a submission graded in Chinese reads in English, sentences, check titles and hint', async () => {
    const result = await gradedIn('zh', mistake);
    expect(result.status).toBe('failed');
    expect(result.summary).toMatch(CJK); // stored as the student saw it then
    const html = read(result, 'en');
    expect(textOf(html, 'summary')).toMatch(/^\d of \d checks passed \(\d+(\.\d+)? of \d+ points\)\.$/);
    expect(textOf(html, 'what-is-wrong')).toMatch(/^What is wrong: Wrong on \d+ of \d+ inputs?\./);
    expect(textOf(html, 'hint')).not.toMatch(CJK);
    expect(textOf(html, 'hint').length).toBeGreaterThan(20);
    expect(html).toContain('The examples in the statement');
    expect(html).not.toContain('题目中的示例');
  });

  it('a submission graded in English reads in Chinese', async () => {
    const result = await gradedIn('en', mistake);
    expect(result.summary).not.toMatch(CJK);
    const html = read(result, 'zh');
    expect(textOf(html, 'summary')).toMatch(/^\d+ 项检查中通过 \d+ 项（得分 [\d.]+ \/ \d+）。$/);
    expect(textOf(html, 'what-is-wrong')).toMatch(/^问题所在：在 \d+ 个输入中有 \d+ 个错误。最大误差/);
    expect(textOf(html, 'hint')).toMatch(CJK);
    expect(html).toContain('题目中的示例');
    // The same stored result, read in the language it was graded in, says what it said then.
    expect(textOf(read(result, 'en'), 'summary')).toBe(result.summary);
  });

  it('a compile error graded in English lists the compiler’s words in Chinese', async () => {
    const result = await gradedIn('en', 'export function sigmoidPrime(x: number): number {\n  return (1;\n}\n');
    expect(result.status).toBe('compile_error');
    const html = read(result, 'zh');
    expect(textOf(html, 'summary')).toMatch(/^代码无法编译：/);
    expect(textOf(html, 'summary')).toMatch(/第 2 行/);
  });

  it('an old result, stored before messages were kept, reads as it was stored', () => {
    const old: GradingResult = {
      exercise: 'sigmoid-prime',
      version: 'v1',
      mode: 'submit',
      status: 'failed',
      score: 0.5,
      points: 5,
      maxPoints: 10,
      summary: '3 项检查中通过 1 项（得分 5 / 10）。',
      checks: [],
      compileErrors: [],
      console: { text: '', truncated: false },
      timeMs: 3,
    };
    expect(textOf(read(old, 'en'), 'summary')).toBe(old.summary);
  });
});
