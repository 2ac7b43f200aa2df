import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../lib/i18n/catalog';
import { LOCALES } from '../../../lib/i18n/locales';
import { renderText, shown } from '../../../lib/i18n/message';
import { msg, t } from '../../../lib/i18n/t';

/** Every sentence of the catalogue as `key → template`, keys dotted by area. */
function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (prefix === '' && k === 'locale') continue;
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The names a template fills in as values (`{n}`), and those it only picks plural words by (`{n:one|other}`). */
function placeholders(template: string): { values: string[]; all: string[] } {
  const values = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const plurals = [...template.matchAll(/\{(\w+):[^|{}]*\|[^{}]*\}/g)].map((m) => m[1]!);
  return { values: [...new Set(values)].sort(), all: [...new Set([...values, ...plurals])].sort() };
}

describe('the message catalogue', () => {
  const en = flatten(CATALOG.en);

  it('is one catalogue of several hundred sentences, the grader and the server refusals among them', () => {
    expect(en.size).toBeGreaterThan(300);
    expect(en.get('grader.somePassed')).toContain('{passed}');
    expect(en.get('limits.codeTooLarge')).toContain('{limit}');
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    const other = flatten(CATALOG[locale]);

    it(`has every English key in ${locale}, and no key English lacks`, () => {
      expect([...en.keys()].filter((k) => !other.has(k))).toEqual([]);
      expect([...other.keys()].filter((k) => !en.has(k))).toEqual([]);
    });

    // A language without plurals (Chinese) may leave out a count that only picks English words.
    it(`fills in the same placeholders in ${locale} as in English, key by key, and no others`, () => {
      const differ = [...en]
        .filter(([k, v]) => {
          const mine = placeholders(v);
          const theirs = placeholders(other.get(k) ?? '');
          return mine.values.join() !== theirs.values.join() || !theirs.all.every((name) => mine.all.includes(name));
        })
        .map(([k]) => k);
      expect(differ).toEqual([]);
    });

    it(`has no empty sentence in ${locale}`, () => {
      expect([...other].filter(([k, v]) => v.trim() === '' && (en.get(k) ?? '').trim() !== '').map(([k]) => k)).toEqual([]);
    });
  }

  it('says which language each catalogue is in', () => {
    for (const locale of LOCALES) expect(CATALOG[locale].locale).toBe(locale);
  });
});

describe('t and stored messages', () => {
  it('fills placeholders and plurals by key', () => {
    expect(t('en', 'grader.somePassed', { passed: 1, n: 1, points: 2, max: 3 })).toBe('1 of 1 check passed (2 of 3 points).');
    expect(t('en', 'grader.somePassed', { passed: 1, n: 3, points: 2, max: 3 })).toBe('1 of 3 checks passed (2 of 3 points).');
    expect(t('zh', 'grader.somePassed', { passed: 1, n: 3, points: 2, max: 3 })).toBe('3 项检查中通过 1 项（得分 2 / 3）。');
  });

  it('renders one stored message in each language, nested messages and author pairs included', () => {
    const stored = msg('grader.valueMismatch', {
      failed: 1,
      n: 2,
      where: msg('grader.atPlace', { place: { en: 'row 2', zh: '第 2 行' } }),
      expected: '0.25',
      got: '0.5',
      rel: '0.5',
    });
    expect(renderText(stored, CATALOG.en)).toBe('Wrong on 1 of 2 inputs. Worst at row 2: expected 0.25, got 0.5 (relative error 0.5).');
    expect(renderText(stored, CATALOG.zh)).toBe('在 2 个输入中有 1 个错误。最大误差位于 第 2 行：期望 0.25，得到 0.5（相对误差 0.5）。');
  });

  it('falls back to the stored sentence for old results and for keys this catalogue does not know', () => {
    expect(shown(undefined, '全部 3 项检查通过。', CATALOG.en)).toBe('全部 3 项检查通过。');
    expect(shown({ key: 'grader.noSuchKey' }, 'stored', CATALOG.en)).toBe('stored');
    expect(shown({ key: 'grader.threw', params: { message: { key: 'grader.gone' } } }, 'stored', CATALOG.en)).toBe('stored');
    expect(shown({ key: 'grader.threw' }, 'stored', CATALOG.en)).toBe('stored');
    expect(shown({ en: 'Forward pass', zh: '前向传播' }, 'x', CATALOG.zh)).toBe('前向传播');
    expect(shown({ en: 'Forward pass' }, 'x', CATALOG.zh)).toBe('Forward pass');
  });
});
