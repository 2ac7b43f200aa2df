// @ts-check
/*
 * The sandbox prelude: runs in every fresh isolate before the learner's code (see prelude.ts for
 * what it is for and the rules it keeps). Plain JavaScript, compiled inside the isolate; checked
 * by TypeScript (// @ts-check, tsconfig.json beside it: the language's built-ins only, no DOM, no
 * Node) and linted. A learner value can be anything, so it is typed `any` where code inspects it.
 */
/** @typedef {{ v: object, up: Link | null }} Link  a value being encoded and the values around it, to see cycles */
(function () {
'use strict';
var G = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (globalThis));
var $Error = Error;
var $keys = Object.keys;
var $gopd = Object.getOwnPropertyDescriptor;
var $getProto = Object.getPrototypeOf;
var $define = Object.defineProperty;
var $hasOwn = Object.hasOwn;
var $isArray = Array.isArray;
var $apply = Reflect.apply;
var $stringify = JSON.stringify;
var $parse = JSON.parse;
var $Function = Function;
var $slice = String.prototype.slice;
var $symbolDescription = /** @type {(this: symbol) => string | undefined} */ (/** @type {PropertyDescriptor} */ ($gopd(Symbol.prototype, 'description')).get);
var $bigintToString = BigInt.prototype.toString;
var $typedArrayLength = /** @type {(this: unknown) => number} */ (/** @type {PropertyDescriptor} */ ($gopd($getProto(Uint8Array.prototype), 'length')).get);
var $typedArrayJoin = $getProto(Uint8Array.prototype).join;
var $Float64Array = Float64Array;
var $ObjectProto = Object.prototype;
var $ErrorProto = Error.prototype;
var INF = 1 / 0;
var MAX_DEPTH = 32;

// Built-ins with no plain-data form, reported by name.
/** @type {[object, string][]} */
var BUILTINS = [
  [Promise.prototype, 'Promise'], [Map.prototype, 'Map'], [Set.prototype, 'Set'],
  [WeakMap.prototype, 'WeakMap'], [WeakSet.prototype, 'WeakSet'], [Date.prototype, 'Date'],
  [RegExp.prototype, 'RegExp'], [ArrayBuffer.prototype, 'ArrayBuffer'], [DataView.prototype, 'DataView'],
  [Number.prototype, 'Number'], [String.prototype, 'String'], [Boolean.prototype, 'Boolean'],
  [Symbol.prototype, 'Symbol'], [BigInt.prototype, 'BigInt'], [Function.prototype, 'Function'],
  [$ErrorProto, 'Error']
];
if (typeof WeakRef === 'function') BUILTINS[BUILTINS.length] = [WeakRef.prototype, 'WeakRef'];

// Nothing that schedules work outside a call, shares memory or compiles other code.
delete G.WebAssembly;
delete G.SharedArrayBuffer;
delete G.Atomics;
delete G.FinalizationRegistry;

// Resizable buffers reserve and commit memory outside the isolate's allocator, so its memory
// limit never sees them: no buffer here is resizable (the child also starts V8 without them).
var $ArrayBuffer = ArrayBuffer;
delete /** @type {{ resize?: unknown }} */ ($ArrayBuffer.prototype).resize;

// A memory verdict needs proof the engine refused memory, not a message: these constructors
// record, where the learner cannot reach, that a real allocation failed. Only calls with number
// arguments count — then no learner code (an iterator, a getter) runs inside the constructor and
// could throw a look-alike error.
var memoryRefused = false;
var $construct = Reflect.construct;
var $RangeErrorProto = RangeError.prototype;
var $setProto = Object.setPrototypeOf;
/**
 * @param {Function & { prototype: object }} Real
 * @param {boolean} dropOptions  pass only the length on (ArrayBuffer's options would resize it)
 */
function guardAllocation(Real, dropOptions) {
  /** @this {unknown} */
  var Guarded = function () {
    if (new.target === undefined) return $apply(Real, this, arguments);
    /** @type {unknown[]} */
    var args = [];
    var plain = true;
    var n = dropOptions && arguments.length > 1 ? 1 : arguments.length;
    for (var i = 0; i < n; i++) { args[i] = arguments[i]; if (typeof arguments[i] !== 'number') plain = false; }
    try {
      return $construct(Real, args, new.target === Guarded ? Real : new.target);
    } catch (e) {
      if (plain && e !== null && typeof e === 'object' && $getProto(e) === $RangeErrorProto && own(e, 'message') === 'Array buffer allocation failed') memoryRefused = true;
      throw e;
    }
  };
  $define(Guarded, 'prototype', { value: Real.prototype, writable: false, enumerable: false, configurable: false });
  $define(Guarded, 'name', { value: own(Real, 'name'), configurable: true });
  $define(Guarded, 'length', { value: own(Real, 'length'), configurable: true });
  $setProto(Guarded, $getProto(Real));
  $define(Real.prototype, 'constructor', { value: Guarded, writable: true, enumerable: false, configurable: true });
  $define(G, /** @type {string} */ (own(Real, 'name')), { value: Guarded, writable: true, enumerable: false, configurable: true });
}
guardAllocation($ArrayBuffer, true);
var TYPED = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
for (var ti = 0; ti < TYPED.length; ti++) guardAllocation(TYPED[ti], false);

// Stack traces keep their default form and length: the host reads the learner's line from them,
// and a learner's prepareStackTrace would receive call sites of this file.
$define($Error, 'prepareStackTrace', { get: function () { return undefined; }, set: function () {}, enumerable: false, configurable: false });
$define($Error, 'stackTraceLimit', { value: 30, writable: false, enumerable: false, configurable: false });

var consoleLimit = 0;
var outputLimit = 0;
var consoleText = '';
var consoleTruncated = false;
// The console as it was when the current call started, for the host's 'rewind'.
var markText = '';
var markTruncated = false;
/** @type {{ exports: object } | null} */
var learnerModule = null;
var importTried = false;
/** @type {string | null} */
var driverSource = null;
/** @type {Function | null} */
var driver = null;

/** @param {string} s @param {number} a @param {number} [b] @returns {string} */
function slice(s, a, b) { return $apply($slice, s, [a, b]); }

// ---- reading values without running learner code (except Proxy traps) ----

/** @param {object} o @param {PropertyKey} key @returns {any} */
function own(o, key) {
  var d = $gopd(o, key);
  if (d === undefined || !$hasOwn(d, 'value')) return undefined;
  return d.value;
}

/**
 * A data property found on o or its prototypes; accessors count as absent.
 * @param {any} o @param {PropertyKey} key @returns {unknown}
 */
function lookup(o, key) {
  var cur = o;
  for (var i = 0; i < 16 && cur !== null && (typeof cur === 'object' || typeof cur === 'function'); i++) {
    var d = $gopd(cur, key);
    if (d !== undefined) return $hasOwn(d, 'value') ? d.value : undefined;
    cur = $getProto(cur);
  }
  return undefined;
}

/** @param {object} o @returns {string | null} */
function builtinName(o) {
  var cur = $getProto(o);
  for (var depth = 0; depth < 16 && cur !== null; depth++) {
    for (var i = 0; i < BUILTINS.length; i++) if (BUILTINS[i][0] === cur) return BUILTINS[i][1];
    cur = $getProto(cur);
  }
  return null;
}

/** @param {unknown} o @returns {number} the length of a typed array; -1 for anything else */
function typedLength(o) {
  try { return $apply($typedArrayLength, o, []); } catch { return -1; }
}

/** @param {Function} f @returns {string} */
function functionName(f) {
  var n = own(f, 'name');
  return typeof n === 'string' ? slice(n, 0, 100) : '';
}

// ---- the encoder: value -> bounded JSON text (see wire.ts) ----

var TOO_LARGE = {};
var budget = 0;

/** @param {number} n */
function spend(n) { budget -= n; if (budget < 0) throw TOO_LARGE; }

/** @param {string} kind @param {string} detail @returns {string} */
function opaque(kind, detail) {
  var s = '{"$":"x","k":"' + kind + '","d":' + $stringify(slice(detail, 0, 200)) + '}';
  spend(s.length);
  return s;
}

/** @param {any} v @returns {string} */
function encodeTop(v) {
  budget = outputLimit;
  try {
    return encode(v, 0, null);
  } catch (e) {
    if (e === TOO_LARGE) { budget = 1000; return opaque('size', ''); }
    throw e;
  }
}

/** @param {any} v @param {number} depth @param {Link | null} parents @returns {string} */
function encode(v, depth, parents) {
  var t = typeof v;
  if (t === 'number') {
    if (v !== v) { spend(18); return '{"$":"n","v":"NaN"}'; }
    if (v === INF) { spend(23); return '{"$":"n","v":"Infinity"}'; }
    if (v === -INF) { spend(24); return '{"$":"n","v":"-Infinity"}'; }
    if (v === 0 && 1 / v < 0) { spend(17); return '{"$":"n","v":"-0"}'; }
    var n = '' + v;
    spend(n.length);
    return n;
  }
  if (t === 'string') {
    if (v.length > budget) throw TOO_LARGE;
    var s = $stringify(v);
    spend(s.length);
    return s;
  }
  if (t === 'boolean') { spend(5); return v ? 'true' : 'false'; }
  if (t === 'undefined') { spend(9); return '{"$":"u"}'; }
  if (v === null) { spend(4); return 'null'; }
  if (t === 'bigint') return opaque('bigint', $apply($bigintToString, v, []));
  if (t === 'symbol') {
    var desc = $apply($symbolDescription, v, []);
    return opaque('symbol', typeof desc === 'string' ? desc : '');
  }
  if (t === 'function') return opaque('function', functionName(v));

  if (depth >= MAX_DEPTH) return opaque('depth', '');
  for (var p = parents; p !== null; p = p.up) if (p.v === v) return opaque('circular', '');
  var link = { v: v, up: parents };

  if ($isArray(v)) {
    var len = own(v, 'length');
    return encodeList(v, typeof len === 'number' ? len : 0, depth, link);
  }
  var proto = $getProto(v);
  if (proto === $ObjectProto || proto === null) return encodeObject(v, depth, link);
  var tl = typedLength(v);
  if (tl >= 0) return encodeList(v, tl, depth, link);
  var name = builtinName(v);
  if (name === 'Error') {
    var en = lookup(v, 'name');
    var em = lookup(v, 'message');
    return opaque('object', (typeof en === 'string' ? en : 'Error') + (typeof em === 'string' && em ? ': ' + em : ''));
  }
  if (name !== null) return opaque('object', name);
  // An instance of the learner's own class: its own fields, like a plain object.
  return encodeObject(v, depth, link);
}

/** @param {any} v @param {unknown} len @param {number} depth @param {Link} link @returns {string} */
function encodeList(v, len, depth, link) {
  // A Proxy can report any length; only a whole number is one (1.5 would read past the end).
  if (typeof len !== 'number' || !(len >= 0) || len % 1 !== 0) return opaque('object', 'Array with an invalid length');
  // Every element costs at least two characters; refuse a huge length before walking it.
  if (len * 2 > budget) throw TOO_LARGE;
  if (len === 0) { spend(2); return '[]'; }
  // The common answer is a vector or a matrix row of finite numbers: collect them in a typed
  // array and let the native join write them. Anything else switches to the general walk, which
  // reuses what was read so that no element is read twice.
  var nums = new $Float64Array(len);
  var i = 0;
  var d;
  for (; i < len; i++) {
    d = $gopd(v, i);
    if (d === undefined || !$hasOwn(d, 'value')) break;
    var x = d.value;
    if (typeof x !== 'number' || x !== x || x === INF || x === -INF || (x === 0 && 1 / x < 0)) break;
    nums[i] = x;
  }
  if (i === len) {
    var joined = '[' + $apply($typedArrayJoin, nums, [',']) + ']';
    spend(joined.length);
    return joined;
  }
  spend(2);
  var s = '[';
  for (var k = 0; k < i; k++) {
    var n = '' + nums[k];
    spend(n.length + 1);
    s += n + ',';
  }
  s += element(d, depth, link); // the element that ended the fast path, already read
  for (i = i + 1; i < len; i++) {
    spend(1);
    s += ',' + element($gopd(v, i), depth, link);
  }
  return s + ']';
}

/** @param {PropertyDescriptor | undefined} d @param {number} depth @param {Link} link @returns {string} */
function element(d, depth, link) {
  if (d === undefined) { spend(9); return '{"$":"u"}'; }
  return $hasOwn(d, 'value') ? encode(d.value, depth + 1, link) : opaque('accessor', '');
}

/** @param {object} v @param {number} depth @param {Link} link @returns {string} */
function encodeObject(v, depth, link) {
  var keys = $keys(v);
  var n = keys.length;
  if (n * 4 > budget) throw TOO_LARGE;
  spend(14);
  var s = '{"$":"o","v":{';
  var first = true;
  for (var i = 0; i < n; i++) {
    var k = keys[i];
    var d = $gopd(v, k);
    if (d === undefined) continue;
    var ks = $stringify(k);
    spend(ks.length + 2);
    s += (first ? '' : ',') + ks + ':';
    first = false;
    s += $hasOwn(d, 'value') ? encode(d.value, depth + 1, link) : opaque('accessor', '');
  }
  return s + '}}';
}

// ---- inputs: plain JSON from the host, with the values JSON cannot carry patched in ----

/** @param {string} code @returns {number | undefined} */
function special(code) {
  return code === 'NaN' ? 0 / 0 : code === 'Infinity' ? INF : code === '-Infinity' ? -INF : code === '-0' ? -0 : undefined;
}

// JSON.parse makes fresh arrays and objects with own data properties only, so reading them and
// assigning to keys they already have runs no learner code.
/** @param {string} json @param {string | undefined} patches  [[path, code], …] for the values JSON cannot carry @returns {any} */
function readInput(json, patches) {
  var root = $parse(json);
  if (!patches) return root;
  var list = $parse(patches);
  for (var i = 0; i < list.length; i++) {
    var path = list[i][0];
    var value = special(list[i][1]);
    if (path.length === 0) { root = value; continue; }
    var c = root;
    for (var j = 0; j < path.length - 1; j++) c = c[path[j]];
    c[path[path.length - 1]] = value;
  }
  return root;
}

// Whether the learner left the input as it came: compared with a copy the learner never saw.
// Plain reads: a getter or Proxy the learner put in place runs here, but can at most make a
// changed input look unchanged to this check, as it would to any reader.
/** @param {any} live @param {any} ref @returns {boolean} */
function unchanged(live, ref) {
  if (ref === null || typeof ref !== 'object') {
    if (ref !== ref) return live !== live;
    return live === ref && (ref !== 0 || 1 / live === 1 / ref);
  }
  if (live === null || typeof live !== 'object' || $getProto(live) !== $getProto(ref)) return false;
  var n;
  if ($isArray(ref)) {
    n = ref.length;
    if (!$isArray(live) || live.length !== n) return false;
    for (var i = 0; i < n; i++) {
      var r = ref[i];
      var l = live[i];
      if (l === r && typeof r !== 'object') { if (r === 0 && 1 / l !== 1 / r) return false; continue; }
      if (!unchanged(l, r)) return false;
    }
    return true;
  }
  var keys = $keys(live);
  var refKeys = $keys(ref);
  n = refKeys.length;
  if (keys.length !== n) return false;
  for (var j = 0; j < n; j++) {
    var key = refKeys[j];
    if (keys[j] !== key || !unchanged(live[key], ref[key])) return false;
  }
  return true;
}

// ---- errors ----

/** @param {any} e  what was thrown @returns {string} */
function describeThrown(e) {
  var message;
  var stack = '';
  try {
    var t = typeof e;
    if (e === null || (t !== 'object' && t !== 'function')) {
      message = 'a value that is not an Error was thrown: ' + shortPrimitive(e);
    } else {
      var isError = false;
      for (var cur = $getProto(e), i = 0; cur !== null && i < 16; cur = $getProto(cur), i++) if (cur === $ErrorProto) { isError = true; break; }
      var name = lookup(e, 'name');
      var msg = lookup(e, 'message');
      if (isError || typeof msg === 'string') {
        message = (typeof name === 'string' && name ? name : 'Error') + (typeof msg === 'string' && msg ? ': ' + msg : '');
      } else {
        message = 'a value that is not an Error was thrown: ' + ($isArray(e) ? 'an array' : t === 'function' ? 'a function' : 'an object');
      }
      var sd = $gopd(e, 'stack');
      var st = sd === undefined ? undefined : $hasOwn(sd, 'value') ? sd.value : isError && typeof sd.get === 'function' ? $apply(sd.get, e, []) : undefined;
      if (typeof st === 'string') stack = slice(st, 0, 4000);
    }
  } catch {
    message = 'a value was thrown that could not be read';
    stack = '';
  }
  if (typeof message !== 'string') message = 'Error';
  return '{"ok":0,"error":{"message":' + $stringify(slice(message, 0, 1000)) + ',"stack":' + $stringify(stack) + '}' + (memoryRefused ? ',"memory":1' : '') + '}';
}

/** @param {unknown} v @returns {string} */
function shortPrimitive(v) {
  if (typeof v === 'string') return $stringify(slice(v, 0, 200));
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'bigint') return $apply($bigintToString, v, []) + 'n';
  return '' + v;
}

/** The `require` the learner's module gets. @param {unknown} name @returns {never} */
function importsUnavailable(name) {
  importTried = true;
  var what = typeof name === 'string' ? ' (tried to import ' + $stringify(slice(name, 0, 100)) + ')' : '';
  throw new $Error('imports are not available in exercises' + what + '; write everything in this one file');
}

// ---- console ----

/** @param {string} line */
function write(line) {
  if (consoleTruncated) return;
  var room = consoleLimit - consoleText.length;
  if (line.length + 1 > room) {
    if (room > 0) consoleText += slice(line, 0, room);
    consoleTruncated = true;
    return;
  }
  consoleText += line + '\n';
}

/** @param {any} v @param {number} depth @param {boolean} top @returns {string} */
function show(v, depth, top) {
  var t = typeof v;
  if (t === 'string') return top ? v : $stringify(slice(v, 0, 1000));
  if (t === 'number') return v === 0 && 1 / v < 0 ? '-0' : '' + v;
  if (t === 'bigint') return $apply($bigintToString, v, []) + 'n';
  if (t === 'symbol') { var sd = $apply($symbolDescription, v, []); return 'Symbol(' + (typeof sd === 'string' ? sd : '') + ')'; }
  if (t === 'function') { var fn = functionName(v); return fn ? '[Function: ' + fn + ']' : '[Function (anonymous)]'; }
  if (v === null || t !== 'object') return '' + v;
  if ($isArray(v) || typedLength(v) >= 0) {
    if (depth > 2) return '[Array]';
    var len = $isArray(v) ? own(v, 'length') : typedLength(v);
    var shown = len > 100 ? 100 : len;
    var s = '[';
    for (var i = 0; i < shown; i++) {
      var d = $gopd(v, i);
      s += (i ? ', ' : ' ') + (d === undefined ? '<empty>' : $hasOwn(d, 'value') ? show(d.value, depth + 1, false) : '[Getter]');
      if (s.length > consoleLimit) return s;
    }
    if (len > shown) s += ', ... ' + (len - shown) + ' more items';
    return s + (len ? ' ]' : ']');
  }
  var name = builtinName(v);
  if (name === 'Error') {
    var en = lookup(v, 'name');
    var em = lookup(v, 'message');
    return (typeof en === 'string' ? en : 'Error') + (typeof em === 'string' && em ? ': ' + em : '');
  }
  if (name !== null) return '[' + name + ']';
  if (depth > 2) return '[Object]';
  var keys = $keys(v);
  var o = '{';
  for (var j = 0; j < keys.length && j < 50; j++) {
    var kd = $gopd(v, keys[j]);
    if (kd === undefined) continue;
    o += (j ? ', ' : ' ') + keys[j] + ': ' + ($hasOwn(kd, 'value') ? show(kd.value, depth + 1, false) : '[Getter]');
    if (o.length > consoleLimit) return o;
  }
  if (keys.length > 50) o += ', ...';
  return o + (keys.length ? ' }' : '}');
}

function log() {
  if (consoleTruncated) return;
  var line = '';
  for (var i = 0; i < arguments.length; i++) {
    var part;
    try { part = show(arguments[i], 0, true); } catch { part = '[unprintable]'; }
    line += (i ? ' ' : '') + part;
    if (line.length > consoleLimit) break;
  }
  write(line);
}

var console = {
  log: log, info: log, warn: log, error: log, debug: log, trace: log, dir: log,
  table: log, assert: function (/** @type {unknown} */ ok) { if (!ok) write('Assertion failed'); }
};
$define(G, 'console', { value: console, writable: true, enumerable: false, configurable: true });

// ---- the host's entry point ----

function mark() { markText = consoleText; markTruncated = consoleTruncated; }

/** @param {Function} fn  the learner's module: (exports, require, module) => void @returns {string} */
function load(fn) {
  mark();
  memoryRefused = false;
  var mod = { exports: {} };
  learnerModule = mod;
  try {
    $apply(fn, mod.exports, [mod.exports, importsUnavailable, mod]);
  } catch (e) {
    return describeThrown(e);
  }
  return '{"ok":1}';
}

/** @param {string} source @param {string} json @param {string | undefined} patches @returns {string} */
function call(source, json, patches) {
  if (source !== driverSource) {
    try {
      driver = $Function('"use strict"; return (' + source + '\n);')();
      driverSource = source;
    } catch (e) {
      return describeThrown(e);
    }
  }
  mark();
  memoryRefused = false;
  var input = readInput(json, patches);
  var pristine = readInput(json, patches);
  var value;
  try {
    // The host loads the module before it calls (session.ts); both are set by then.
    value = $apply(/** @type {Function} */ (driver), undefined, [/** @type {{ exports: object }} */ (learnerModule).exports, input]);
  } catch (e) {
    return describeThrown(e);
  }
  try {
    var encoded = encodeTop(value);
    if (unchanged(input, pristine)) return '{"ok":1,"value":' + encoded + ',"same":1}';
    return '{"ok":1,"value":' + encoded + ',"after":' + encodeTop(input) + '}';
  } catch (e) {
    return describeThrown(e);
  }
}

/**
 * @param {string} op @param {any} [a] @param {any} [b] @param {any} [c]
 * @returns {string | boolean}
 */
return function api(op, a, b, c) {
  if (op === 'call') return call(a, b, c);
  if (op === 'load') return load(a);
  if (op === 'console') return (consoleTruncated ? '1' : '0') + consoleText;
  if (op === 'imports') return importTried;
  if (op === 'rewind') { consoleText = markText; consoleTruncated = markTruncated; return true; }
  if (op === 'init') { consoleLimit = a; outputLimit = b; return true; }
  throw new $Error('unknown operation');
};
})()
