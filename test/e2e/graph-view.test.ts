import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readMistakeSource } from '../../lib/content/mistakes';
import { launchChromium } from './browser';
import { studentContext } from './student';

/**
 * The student's computational graph in 4.5 feedback, in a real browser, in English and Chinese,
 * on a laptop and a phone: drawn beside the reference with the wrong nodes marked and both numbers
 * shown, the first wrong gradient named in the summary, a table as the text alternative, nothing
 * scrolling the page sideways, and the layout code fetched only where a graph is shown.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

/** A solution, or a catalogued mistake (a patch of the solution) applied to it. */
const meta = (exercise: string, name: string) => {
  const dir = path.join(process.cwd(), `exercises/4.5-autodiff/${exercise}/.meta`);
  return name.startsWith('mistakes/') ? readMistakeSource(path.join(dir, 'solution.ts'), path.join(dir, `${name}.patch`)) : readFileSync(path.join(dir, `${name}.ts`), 'utf8');
};
const WRONG_POW = meta('reverse-mode', 'mistakes/wrong-pow-derivative');
const RIGHT = meta('reverse-mode', 'solution');

const SIZES = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;
type Lang = 'en' | 'zh';

describe.skipIf(!chromiumPath)('the student’s computational graph', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function openWith(exercise: string, code: string, lang: Lang, size: Size): Promise<Page> {
    const context = await browser.newContext({ viewport: SIZES[size], hasTouch: size === 'phone', isMobile: size === 'phone' });
    await studentContext(context, baseURL, joinCode, lang);
    const page = await context.newPage();
    await page.goto(`${baseURL}/exercises/${exercise}`);
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
    if (size === 'phone') {
      await page.locator('[data-tab-button=code]').click();
      await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
    }
    await page.evaluate((text) => {
      (window as unknown as { monaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).monaco.editor.getModels()[0]!.setValue(text);
    }, code);
    // Where the exercise has live checks, the edit loads their chunks (sucrase) and runs them: wait
    // for that, so that what the page fetches after a Check is the feedback's own.
    await page.waitForFunction(
      () => {
        const strip = document.querySelector('[data-testid="live-strip"]');
        const model = (window as unknown as { monaco: { editor: { getModels(): { getVersionId(): number }[] } } }).monaco.editor.getModels()[0]!;
        return strip === null || strip.getAttribute('data-version') === String(model.getVersionId());
      },
      null,
      { timeout: 30_000 },
    );
    return page;
  }

  async function check(page: Page) {
    const codeTab = page.locator('[data-tab-button=code]');
    if (await codeTab.isVisible()) await codeTab.click();
    await page.getByRole('button', { name: /^(Check|检查)/ }).first().click();
    await page.waitForFunction(() => document.querySelector('.feedback-panel .feedback') !== null && !document.querySelector('.running'), null, { timeout: 60_000 });
    return page.locator('.feedback-panel .feedback');
  }

  /** w feeds h₁, which feeds (through h₂ … h₅) h₆: each comes after the one before it, across or down. */
  async function expectInputsFirst(svg: Locator, direction: 'LR' | 'TB') {
    const [w, h1, h6] = await Promise.all(['w', 'h₁', 'h₆'].map(async (n) => (await svg.locator(`g[data-node="${n}"] rect`).boundingBox())!));
    const at = (b: { x: number; y: number }) => (direction === 'LR' ? b.x : b.y);
    expect(at(w!)).toBeLessThan(at(h1!));
    expect(at(h1!)).toBeLessThan(at(h6!));
  }

  /**
   * No sideways scrolling anywhere: the page, the feedback pane, and each graph's own box; every
   * graph inside the pane, drawn at no less than 0.75 of its size (12 px node text at 9 px or more).
   */
  async function expectFits(page: Page) {
    const found = await page.evaluate(() => {
      const over = (el: Element) => el.scrollWidth - el.clientWidth;
      const pane = document.querySelector('.feedback-panel')!.getBoundingClientRect();
      return {
        page: over(document.documentElement),
        pane: over(document.querySelector('.feedback-panel')!),
        boxes: [...document.querySelectorAll('.graph-scroll')].map(over),
        graphs: [...document.querySelectorAll('.graph-figure svg')].map((svg) => {
          const r = svg.getBoundingClientRect();
          const text = svg.querySelector('text')!.getBoundingClientRect();
          return { right: r.right - pane.right, left: r.left - pane.left, scale: r.width / Number(svg.getAttribute('viewBox')!.split(' ')[2]), said: Number(svg.getAttribute('data-scale')), text: text.height };
        }),
      };
    });
    expect(found.page).toBeLessThanOrEqual(1);
    expect(found.pane).toBeLessThanOrEqual(1);
    expect(found.boxes.length).toBe(2);
    for (const b of found.boxes) expect(b).toBeLessThanOrEqual(1);
    expect(found.graphs.length).toBe(2);
    for (const g of found.graphs) {
      expect(g.left).toBeGreaterThanOrEqual(0);
      expect(g.right).toBeLessThanOrEqual(0);
      expect(g.scale).toBeGreaterThanOrEqual(0.75 - 0.01);
      expect(g.scale).toBeCloseTo(g.said, 2);
      expect(g.text).toBeGreaterThanOrEqual(9 * 0.99);
    }
    return found;
  }

  const scripts = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));

  for (const lang of ['en', 'zh'] as const) {
    for (const size of ['laptop', 'phone'] as const) {
      it(`a wrong pow derivative: the graph marks h₅ … w, the summary names ∂f/∂h₅ (${lang}, ${size})`, async () => {
        const page = await openWith('reverse-mode', WRONG_POW, lang, size);
        const before = await scripts(page);
        const feedback = await check(page);
        await expect(feedback.getAttribute('data-status')).resolves.toBe('failed');

        // The summary names the first wrong node on the backward pass and the local derivative used.
        const finding = (await feedback.locator('[data-testid=feedback-summary] [data-testid=graph-finding]').textContent()) ?? '';
        expect(finding).toMatch(
          lang === 'zh'
            ? /^在反向传播中，∂f\/∂h₆ 是正确的；∂f\/∂h₅ 不正确：你的是 -1\.5，参考为 -0\.25。你乘上的是 -1\.5，而局部导数 ∂h₆\/∂h₅ 应为 -0\.25。$/
            : /^On the backward pass, ∂f\/∂h₆ is correct; ∂f\/∂h₅ is not: yours is -1\.5, the reference -0\.25\. You multiplied by -1\.5 where the local derivative ∂h₆\/∂h₅ is -0\.25\.$/,
        );

        // Both graphs drawn; the learner's has the two constants it made (−1 and 1) as nodes too.
        const student = feedback.locator('[data-testid=graph-student] svg');
        const reference = feedback.locator('[data-testid=graph-reference] svg');
        await student.waitFor({ timeout: 30_000 });
        await reference.waitFor({ timeout: 30_000 });
        await expect(student.locator('g[data-node]').count()).resolves.toBe(11);
        await expect(reference.locator('g[data-node]').count()).resolves.toBe(9);
        const marked = await student.locator('g[data-wrong=true]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-node')));
        expect(marked.sort()).toEqual(['b', 'h₁', 'h₂', 'h₃', 'h₄', 'h₅', 'w']);
        await expect(reference.locator('g[data-wrong]').count()).resolves.toBe(0);
        // A marked node shows both numbers: the student's and the reference's.
        const h5 = (await student.locator('g[data-node="h₅"]').textContent()) ?? '';
        expect(h5).toMatch(lang === 'zh' ? /✗ h₅ = add.*梯度 -1\.5 ≠参考 -0\.25/ : /✗ h₅ = add.*grad -1\.5 ≠ref -0\.25/);
        // Edges run from inputs to outputs, in the direction the pane's width chose: the ~900 px
        // left-to-right graph does not fit a laptop's feedback pane legibly, so both go top to bottom.
        await expect(student.locator('polyline').count()).resolves.toBe(10);
        await expect(student.getAttribute('data-direction')).resolves.toBe('TB');
        await expectInputsFirst(student, 'TB');
        // The narrower reference is drawn the same way, so the two can be compared node by node.
        await expect(reference.getAttribute('data-direction')).resolves.toBe('TB');
        await expectInputsFirst(reference, 'TB');

        // It fits: nothing scrolls sideways (page, pane or the graph's own box), text still legible.
        await expectFits(page);

        // The text alternative: one row per node, the marked ones say so, in the page's language.
        const table = feedback.locator('[data-testid=graph-table]');
        await expect(table.locator('tbody tr').count()).resolves.toBe(11);
        await expect(table.locator('tbody tr[data-wrong=true]').count()).resolves.toBe(7);
        await expect(table.locator('thead').textContent()).resolves.toMatch(lang === 'zh' ? /节点.*运算.*你的值.*参考值.*你的梯度.*参考梯度/ : /node.*op.*your value.*reference value.*your gradient.*reference gradient/);
        const alt = (await student.getAttribute('aria-label')) ?? '';
        expect(alt).toMatch(lang === 'zh' ? /^你的计算图：11 个节点，其中 7 个与参考不同。$/ : /^Your graph: 11 nodes, 7 marked as different from the reference\.$/);

        // The layout code arrived with the graph, not with the page.
        const after = await scripts(page);
        expect(after.filter((s) => !before.includes(s) && new URL(s).pathname.startsWith('/_next/')).length).toBeGreaterThan(0);

        await feedback.locator('[data-testid=graph-feedback]').scrollIntoViewIfNeeded();
        await feedback.locator('[data-testid=graph-feedback]').screenshot({ path: path.join(artifacts, `graph-reverse-mode-${lang}-${size}.png`) });
        await page.context().close();
      }, 150_000);
    }
  }

  for (const lang of ['en', 'zh'] as const) {
    it(`the window resized from 1280 to 1440 and 1920 px wide and down to a phone: the pane's width picks one direction for both graphs, nothing scrolls sideways (${lang})`, async () => {
      const page = await openWith('reverse-mode', WRONG_POW, lang, 'laptop');
      const feedback = await check(page);
      const student = feedback.locator('[data-testid=graph-student] svg');
      const reference = feedback.locator('[data-testid=graph-reference] svg');
      await student.waitFor({ timeout: 30_000 });
      await reference.waitFor({ timeout: 30_000 });
      const seen: Record<number, { direction: string | null; reference: string | null; scale: string | null }> = {};
      for (const width of [1280, 1440, 1920, 600]) {
        await page.setViewportSize({ width, height: 900 });
        // The ResizeObserver answers after layout; wait for the graph to be drawn for this width.
        await page.waitForFunction(() => {
          const pane = document.querySelector('.graph-pair')!.getBoundingClientRect().width;
          const svg = document.querySelector('[data-testid=graph-student] svg')!;
          const lr = svg.getAttribute('data-direction') === 'LR';
          return svg.getBoundingClientRect().width <= pane + 0.5 && (lr || pane < 900 * 0.85 + 1);
        }, null, { timeout: 10_000 });
        await expectFits(page);
        const direction = await student.getAttribute('data-direction');
        await expectInputsFirst(student, direction as 'LR' | 'TB');
        // The reference (9 nodes, narrower than the student's 11) is drawn the same way.
        const referenceDirection = await reference.getAttribute('data-direction');
        expect(referenceDirection).toBe(direction);
        await expectInputsFirst(reference, direction as 'LR' | 'TB');
        seen[width] = { direction, reference: referenceDirection, scale: await student.getAttribute('data-scale') };
        await page.locator('[data-testid=graph-feedback]').screenshot({ path: path.join(artifacts, `graph-reverse-mode-${lang}-${width}.png`) });
      }
      // 1280 and 1440: the pane is too narrow for left to right; 1920: the book's left to right fits.
      expect(seen[1280]!.direction).toBe('TB');
      expect(seen[1440]!.direction).toBe('TB');
      expect(seen[1920]!.direction).toBe('LR');
      expect(seen[600]!.direction).toBe('TB');
      for (const width of [1280, 1440, 1920, 600]) expect(seen[width]!.reference).toBe(seen[width]!.direction);
      await page.context().close();
    }, 150_000);
  }

  it('a right solution: every node matches, nothing is marked (en, laptop); the layout chunk is not fetched where no graph is shown', async () => {
    const page = await openWith('reverse-mode', RIGHT, 'en', 'laptop');
    const before = await scripts(page);
    const feedback = await check(page);
    await expect(feedback.getAttribute('data-status')).resolves.toBe('passed');
    await feedback.locator('[data-testid=graph-student] svg').waitFor({ timeout: 30_000 });
    await expect(feedback.locator('[data-testid=graph-sentence]').textContent()).resolves.toBe('Every node’s value and gradient matches the reference.');
    await expect(feedback.locator('g[data-wrong]').count()).resolves.toBe(0);
    await expect(feedback.locator('[data-testid=graph-finding]').count()).resolves.toBe(0);
    // The site's own chunks that arrived with the graph (Monaco's workers load lazily on any page).
    const layoutChunks = (await scripts(page)).filter((s) => !before.includes(s) && new URL(s).pathname.startsWith('/_next/'));
    expect(layoutChunks.length).toBeGreaterThan(0);
    await page.context().close();

    // An exercise without a graph: after a Check, none of those chunks was fetched.
    const other = await openWith('sigmoid-prime', 'export function sigmoidPrime(z: number): number { return 0; }', 'en', 'laptop');
    await check(other);
    await expect(other.locator('[data-testid=graph-feedback]').count()).resolves.toBe(0);
    const loaded = await scripts(other);
    for (const chunk of layoutChunks) expect(loaded.map((s) => new URL(s).pathname)).not.toContain(new URL(chunk).pathname);
    await other.context().close();
  }, 150_000);

  it('forward mode (dual-numbers) and the hand-chained graph (sigmoid-graph) name their first wrong node (zh, phone)', async () => {
    const dual = await openWith('dual-numbers', meta('dual-numbers', 'mistakes/product-rule-forgotten'), 'zh', 'phone');
    let feedback = await check(dual);
    await feedback.locator('[data-testid=graph-student] svg').waitFor({ timeout: 30_000 });
    // x·x with the product rule forgotten: the rule, both partials, and the wrong rule the number equals.
    await expect(feedback.locator('[data-testid=graph-finding]').textContent()).resolves.toMatch(
      /^在前向传播中，每个操作数（x）的切线分量都是正确的；h₁ 的切线分量不正确：你的是 1，参考为 4。对 h₁ = mul\(a, b\)，a = x，b = x，切线分量为 ȧ·b \+ a·ḃ：∂h₁\/∂a = 2，∂h₁\/∂b = 2，所以 2·1 \+ 2·1 = 4。你的结果等于 ȧ·ḃ。$/,
    );
    await expect(feedback.locator('[data-testid=graph-table] thead').textContent()).resolves.toMatch(/你的切线分量/);
    await feedback.locator('[data-testid=graph-feedback]').screenshot({ path: path.join(artifacts, 'graph-dual-numbers-zh-phone.png') });
    await dual.context().close();

    const sg = await openWith('sigmoid-graph', meta('sigmoid-graph', 'mistakes/reciprocal-sign'), 'zh', 'phone');
    feedback = await check(sg);
    await feedback.locator('[data-testid=graph-student] svg').waitFor({ timeout: 30_000 });
    await expect(feedback.locator('[data-testid=graph-finding]').textContent()).resolves.toMatch(/^在反向传播中，∂f\/∂h₆ 是正确的；∂f\/∂h₅ 不正确/);
    await feedback.locator('[data-testid=graph-feedback]').screenshot({ path: path.join(artifacts, 'graph-sigmoid-graph-zh-phone.png') });
    await sg.context().close();
  }, 150_000);
});
