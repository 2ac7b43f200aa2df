/**
 * deltalab's architecture as one picture, held by `npm run check:layers` (part of `npm run lint`,
 * so of `npm test`). docs/architecture.md explains it. Change the picture here, not around it.
 *
 * LAYERS, lowest first. A file imports from its own layer and the layers listed before it, never
 * from one listed after it. A file's layer is read from its folder.
 *
 *   engine     lib/autodiff                  the reference math; imports nothing at all
 *   logs       lib/log                       structured log lines, for every layer above
 *   content    lib/content lib/quiz          exercise and quiz schemas and loaders, quiz checking,
 *              lib/live lib/i18n lib/render  live-check types, message catalogue, statement HTML
 *   grader     grader/                       pool, sandbox child, check DSL (harness), results
 *   authoring  lib/authoring lib/mutate      proves exercise folders through the grader
 *   platform   lib/db lib/auth lib/queue     storage, sign-in, the grading queue,
 *              lib/lti                       LTI 1.3 launches and services for LMSs
 *   site       lib/site                      student services: the data access layer pages use
 *   staff      lib/staff                     course-staff services, built on the site's
 *   app        app/ proxy.ts                 routes, pages, server actions, client components
 *              instrumentation.ts
 *   commands   scripts/ bench/ test/         entry points and tests; nothing imports them
 *
 * Exercises (exercises/**) are authored content, not a layer: their files may import the engine
 * and the check DSL (grader/harness) only, and only commands import them (the loader reads them
 * from disk, so nothing under .meta/ can reach a bundle).
 *
 * Also: no two folders import each other (directly or round about), no run-time import cycle
 * between files, and nothing below the platform imports Next, React or server-only (the grader and
 * the authoring proofs run in plain Node processes and sandbox children).
 */

const LAYERS = [
  { name: 'engine', path: '^lib/autodiff/' },
  { name: 'logs', path: '^lib/log/' },
  { name: 'content', path: '^lib/(content|quiz|live|i18n|render)/' },
  { name: 'grader', path: '^grader/' },
  { name: 'authoring', path: '^lib/(authoring|mutate)/' },
  { name: 'platform', path: '^lib/(db|auth|queue|lti)/' },
  { name: 'site', path: '^lib/site/' },
  { name: 'staff', path: '^lib/staff/' },
  { name: 'app', path: '^app/|^(proxy|instrumentation)\\.ts$' },
  { name: 'commands', path: '^(scripts|bench|test)/' },
];

const below = (i) => LAYERS.slice(0, i + 1).map((l) => l.name).join(', ');

/** One rule per layer: nothing in it imports from a layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layer.name}-imports-only-below`,
  severity: 'error',
  comment: `${layer.name} may import from ${below(i)} only`,
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path).join('|') },
}));

const ANY_LAYER = LAYERS.map((l) => l.path).join('|');
const UNLAYERED = { path: '^(lib|grader|app)/', pathNot: ANY_LAYER };

const folderCycleRules = [
  {
    name: 'no-folder-cycles',
    severity: 'error',
    comment: 'two folders never import each other, directly or round about',
    scope: 'folder',
    from: {},
    to: { circular: true },
  },
];

export default {
  forbidden: [
    ...layerRules,
    ...folderCycleRules,
    {
      name: 'engine-imports-nothing',
      severity: 'error',
      comment: 'lib/autodiff is pure TypeScript: no Node module, no package, nothing else of deltalab',
      from: { path: '^lib/autodiff/' },
      to: { pathNot: '^lib/autodiff/' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'two files never import each other at run time (a cycle through an `import type` is erased by the compiler)',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'below-platform-knows-no-web',
      severity: 'error',
      comment: 'engine, content, grader and authoring also run in scripts and sandbox children: no Next, React or server-only',
      from: { path: '^lib/(autodiff|log|content|quiz|live|i18n|render|authoring|mutate)/|^grader/' },
      to: { path: '^node_modules/(next|react|react-dom|server-only|better-auth)/' },
    },
    {
      name: 'exercises-use-engine-and-harness',
      severity: 'error',
      comment: 'starters, checks, solutions and mistakes import the engine, the check DSL and their own folder only',
      from: { path: '^exercises/' },
      to: { pathNot: '^(exercises|lib/autodiff|grader/harness)/' },
    },
    {
      name: 'only-commands-import-exercises',
      severity: 'error',
      comment: 'exercises are read from disk by the loader; nothing under .meta/ may reach a bundle',
      from: { pathNot: '^(exercises|scripts|bench|test)/' },
      to: { path: '^exercises/' },
    },
    {
      name: 'every-file-has-a-layer',
      severity: 'error',
      comment: 'a new folder under lib/, grader/ or app/ is first given its layer in LAYERS',
      from: UNLAYERED,
      to: {},
    },
    {
      name: 'every-import-has-a-layer',
      severity: 'error',
      comment: 'a new folder under lib/, grader/ or app/ is first given its layer in LAYERS',
      from: {},
      to: UNLAYERED,
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to nothing is a typo or a missing dependency',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules' },
    exclude: { path: '^(node_modules|\\.next|data|public|test-results)/' },
    // `import type` is a dependency of the design too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      // `npx depcruise --output-type archi app lib grader | dot -T svg`: the folder-level picture.
      archi: { collapsePattern: '^lib/[^/]+|^(app|grader|scripts|bench|test|exercises)/' },
    },
  },
};
