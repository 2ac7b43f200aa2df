import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rule (.dependency-cruiser.js) can fail: the rules the repository is checked with, run by
 * dependency-cruiser itself over a small scratch tree shaped like deltalab, must refuse each kind of
 * import they exist to refuse, and pass the same tree without it. (`npm run check:layers` proves
 * the real tree passes; this proves a pass means something.)
 */

let forbidden: IForbiddenRuleType[] = [];
let root = '';

beforeAll(async () => {
  const file = pathToFileURL(path.resolve('.dependency-cruiser.js')).href;
  const config = (await import(file)) as { default: { forbidden: IForbiddenRuleType[] } };
  forbidden = config.default.forbidden;
});

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = '';
});

/** A clean scratch tree: one file per layer, each importing the layer below. */
const CLEAN: Record<string, string> = {
  'lib/autodiff/tensor.ts': 'export const tensor = 1;\n',
  'lib/content/loader.ts': "import { tensor } from '../autodiff/tensor';\nexport const loader = tensor;\n",
  'grader/results.ts': "import { loader } from '../lib/content/loader';\nexport const results = loader;\n",
  'lib/authoring/validate.ts': "import { results } from '../../grader/results';\nexport const validate = results;\n",
  'lib/db/index.ts': "import { results } from '../../grader/results';\nexport const db = results;\n",
  'lib/site/errors.ts': "import { db } from '../db';\nexport const errors = db;\n",
  'lib/staff/csv.ts': "import { errors } from '../site/errors';\nexport const csv = errors;\n",
  'app/page.tsx': "import { csv } from '../lib/staff/csv';\nexport const page = csv;\n",
  'exercises/4.1-neurons/elu/checks.ts': "import { tensor } from '../../../lib/autodiff/tensor';\nexport const checks = tensor;\n",
};

async function violations(extra: Record<string, string> = {}): Promise<string[]> {
  root = mkdtempSync(path.join(os.tmpdir(), 'deltalab-layers-'));
  for (const [file, text] of Object.entries({ ...CLEAN, ...extra })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const { output } = await cruise(
    ['lib', 'grader', 'app', 'exercises'],
    { baseDir: root, validate: true, ruleSet: { forbidden }, tsPreCompilationDeps: true },
    { extensions: ['.ts', '.tsx'] },
  );
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('the layer rule', () => {
  it('passes a tree where every import goes down', async () => {
    expect(await violations()).toEqual([]);
  });

  it('refuses the engine importing anything, here the database', async () => {
    const found = await violations({
      'lib/autodiff/ops.ts': "import { db } from '../db';\nexport const ops = db;\n",
    });
    expect(found).toContain('engine-imports-only-below: lib/autodiff/ops.ts → lib/db/index.ts');
    expect(found).toContain('engine-imports-nothing: lib/autodiff/ops.ts → lib/db/index.ts');
  });

  it('refuses content importing the grader, and names the folder cycle it makes', async () => {
    const found = await violations({
      'lib/content/validate.ts': "import { results } from '../../grader/results';\nexport const v = results;\n",
    });
    expect(found).toContain('content-imports-only-below: lib/content/validate.ts → grader/results.ts');
    expect(found).toContain('no-folder-cycles: lib/content → grader');
  });

  it('refuses a site → staff import beyond the known ones', async () => {
    const found = await violations({
      'lib/site/drafts.ts': "import { csv } from '../staff/csv';\nexport const drafts = csv;\n",
    });
    expect(found).toContain('site-imports-only-below: lib/site/drafts.ts → lib/staff/csv.ts');
  });

  it('refuses a folder that has no layer, and exercises that reach past the check DSL', async () => {
    const found = await violations({
      'lib/newthing/a.ts': 'export const a = 1;\n',
      'lib/site/dto.ts': "import { a } from '../newthing/a';\nexport const dto = a;\n",
      'exercises/4.1-neurons/elu/starter.ts': "import { db } from '../../../lib/db';\nexport const s = db;\n",
    });
    expect(found).toContain('every-import-has-a-layer: lib/site/dto.ts → lib/newthing/a.ts');
    expect(found).toContain('exercises-use-engine-and-harness: exercises/4.1-neurons/elu/starter.ts → lib/db/index.ts');
  });
});
