// deltalab live checks: runs the student's code on the statement's *example* inputs while they type.
//
// Loaded as a module worker from this origin by app/_components/live/useLiveChecks.ts, which sends
// the code with its types already stripped (sucrase). It has no DOM, and its own
// Content-Security-Policy (next.config.js: default-src 'none'; script-src blob:) forbids every
// request, including dynamic import() of any URL but the blob: module made here from the code. The
// network APIs are also removed below before any learner code runs. The page terminates this worker
// when a run takes too long. Nothing here is an authority: Submit grades on the server.
'use strict';

const post = self.postMessage.bind(self);
const on = self.addEventListener.bind(self);
const makeURL = URL.createObjectURL.bind(URL);
const dropURL = URL.revokeObjectURL.bind(URL);
const BlobCtor = Blob;
const now = () => performance.now();

// Belt and braces beside the CSP: no way out of the worker by name.
for (const name of ['fetch', 'XMLHttpRequest', 'importScripts', 'WebSocket', 'WebTransport', 'EventSource', 'Worker', 'SharedWorker', 'BroadcastChannel', 'indexedDB', 'caches', 'Request', 'Response', 'Headers', 'navigator', 'FileReaderSync']) {
  for (let o = self; o; o = Object.getPrototypeOf(o)) {
    try {
      delete o[name];
    } catch {
      // non-configurable: shadowed below
    }
  }
  try {
    Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
  } catch {
    // already gone
  }
}

/** The checks' `call` functions, made once per set of sources. */
let calls = { key: '', fns: [] };

async function importSource(source) {
  const url = makeURL(new BlobCtor([source], { type: 'text/javascript' }));
  try {
    return await import(url);
  } finally {
    dropURL(url);
  }
}

function num(x) {
  if (typeof x !== 'number') return describe(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function describe(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function within(e, g, tol) {
  if (Number.isNaN(e)) return Number.isNaN(g);
  if (!Number.isFinite(e)) return e === g;
  return Math.abs(g - e) <= tol.abs + tol.rel * Math.abs(e);
}

function pathText(path) {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || 'value';
}

/** The first difference between the answer and the reference, in the grader's tolerance rule. */
function firstDifference(expected, got, tolerance) {
  const tol = { abs: 1e-7, rel: 1e-6, ...tolerance };
  const stack = [{ e: expected, g: got, path: [] }];
  while (stack.length > 0) {
    const { e, g, path } = stack.pop();
    if (typeof e === 'number') {
      if (typeof g !== 'number' || !within(e, g, tol)) return { path: pathText(path), expected: num(e), got: describe(g) };
    } else if (Array.isArray(e)) {
      if (!Array.isArray(g)) return { path: pathText(path), expected: `array(${e.length})`, got: describe(g) };
      if (g.length !== e.length) return { path: `${pathText(path)}.length`, expected: String(e.length), got: String(g.length) };
      for (let i = e.length - 1; i >= 0; i--) stack.push({ e: e[i], g: g[i], path: [...path, i] });
    } else if (e !== null && typeof e === 'object') {
      if (g === null || typeof g !== 'object') return { path: pathText(path), expected: 'an object', got: describe(g) };
      for (const key of Object.keys(e).reverse()) stack.push({ e: e[key], g: g[key], path: [...path, key] });
    } else if (e !== g) {
      return { path: pathText(path), expected: describe(e), got: describe(g) };
    }
  }
  return null;
}

function errorOf(err) {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

on('message', async (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'run') return;
  const started = now();
  const key = msg.checks.map((c) => c.callSource).join('\n');
  if (calls.key !== key) {
    const mod = await importSource(`export default [${msg.checks.map((c) => c.callSource).join(',\n')}];`);
    calls = { key, fns: mod.default };
  }
  let learner;
  try {
    learner = await importSource(msg.js);
  } catch (err) {
    post({ type: 'load-error', id: msg.id, error: errorOf(err) });
    return;
  }
  const results = [];
  msg.checks.forEach((check, c) => {
    check.cases.forEach((kase, index) => {
      let diff = null;
      try {
        const got = calls.fns[c](learner, kase.input);
        diff = firstDifference(kase.expected, got, check.tolerance);
      } catch (err) {
        diff = { error: errorOf(err) };
      }
      results.push(diff ? { check: check.name, index, ok: false, diff } : { check: check.name, index, ok: true });
    });
  });
  post({ type: 'result', id: msg.id, results, ms: now() - started });
});
