/**
 * The format results leave the isolate in: JSON text with a few tagged forms.
 *
 *   finite number, string, boolean, null   as themselves
 *   array                                  a JSON array of encoded elements
 *   {"$":"n","v":"NaN"|"Infinity"|"-Infinity"|"-0"}   numbers JSON cannot carry
 *   {"$":"u"}                              undefined (also an array hole)
 *   {"$":"o","v":{ key: encoded, … }}      a plain object (or a class instance's own fields)
 *   {"$":"x","k":kind,"d":detail}          something with no plain form (see Opaque)
 *
 * Every JSON object is a tag, so a learner's string or field can never pass for one. The isolate
 * side of the format lives in prelude.ts; this file is the host side and never trusts its input.
 * (Inputs travel the other way in a simpler form, see encodeInput.)
 */

export const OPAQUE_KINDS = ['function', 'symbol', 'bigint', 'object', 'accessor', 'circular', 'depth', 'size'] as const;
export type OpaqueKind = (typeof OPAQUE_KINDS)[number];

/** A value the learner produced that has no plain-data form; `String(opaque)` describes it for a student. */
export class Opaque {
  constructor(
    readonly kind: OpaqueKind,
    /** function name, symbol description, bigint digits or built-in type name; may be empty */
    readonly detail: string = '',
  ) {}

  toString(): string {
    const d = this.detail;
    switch (this.kind) {
      case 'function':
        return d ? `a function (${d})` : 'a function';
      case 'symbol':
        return d ? `a symbol (${d})` : 'a symbol';
      case 'bigint':
        return `a bigint (${d}n)`;
      case 'object':
        return d === 'Promise' ? 'a Promise (is the function async? return the value itself)' : `an object of type ${d || 'unknown'}`;
      case 'accessor':
        return 'a property with a getter instead of a value';
      case 'circular':
        return 'a circular reference';
      case 'depth':
        return 'a value nested too deeply';
      case 'size':
        return 'a value too large to return';
    }
  }
}

export type Plain = number | string | boolean | null | undefined | Plain[] | { [k: string]: Plain } | Opaque;

export class WireError extends Error {}

/** Deepest nesting the host accepts; the isolate stops at 32 levels and marks the rest. */
const MAX_DEPTH = 40;

/** Parses and validates text produced by the isolate's encoder. Throws WireError on anything malformed. */
export function decodeWire(text: string): Plain {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WireError('not JSON');
  }
  return decodeValue(raw, 0);
}

export function decodeValue(x: unknown, depth: number): Plain {
  if (depth > MAX_DEPTH) throw new WireError('too deep');
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new WireError('non-finite number');
    return x;
  }
  if (Array.isArray(x)) {
    const out: Plain[] = new Array<Plain>(x.length);
    for (let i = 0; i < x.length; i++) out[i] = decodeValue(x[i], depth + 1);
    return out;
  }
  if (typeof x !== 'object') throw new WireError(`unexpected ${typeof x}`);
  const tagged = x as Record<string, unknown>;
  switch (tagged.$) {
    case 'u':
      expectKeys(tagged, 1);
      return undefined;
    case 'n':
      expectKeys(tagged, 2);
      switch (tagged.v) {
        case 'NaN':
          return Number.NaN;
        case 'Infinity':
          return Number.POSITIVE_INFINITY;
        case '-Infinity':
          return Number.NEGATIVE_INFINITY;
        case '-0':
          return -0;
      }
      throw new WireError('bad number tag');
    case 'o': {
      expectKeys(tagged, 2);
      const fields = tagged.v;
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new WireError('bad object tag');
      const out: { [k: string]: Plain } = {};
      for (const key of Object.keys(fields)) {
        // defineProperty, not assignment: a learner field named "__proto__" must stay a field.
        Object.defineProperty(out, key, {
          value: decodeValue((fields as Record<string, unknown>)[key], depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'x': {
      expectKeys(tagged, 3);
      const kind = tagged.k;
      const detail = tagged.d;
      if (typeof kind !== 'string' || !(OPAQUE_KINDS as readonly string[]).includes(kind) || typeof detail !== 'string') {
        throw new WireError('bad opaque tag');
      }
      return new Opaque(kind as OpaqueKind, detail.slice(0, 200));
    }
  }
  throw new WireError('unknown tag');
}

function expectKeys(o: Record<string, unknown>, n: number): void {
  if (Object.keys(o).length !== n) throw new WireError('unexpected fields in a tag');
}

/**
 * A check's input on its way into the isolate: plain JSON, with the values JSON cannot carry
 * (NaN, ±Infinity, -0, undefined) written as null and listed in `patches` as [path, code] pairs.
 * Inputs come from the exercise's checks, not from learners, so they need no tags: the isolate
 * parses `json` with the native JSON.parse and patches the few special values in place.
 */
export interface EncodedInput {
  json: string;
  /** '' when there is nothing to patch, else JSON: [[path, 'NaN' | 'Infinity' | '-Infinity' | '-0' | 'u'], …] */
  patches: string;
}

type Patch = [(string | number)[], string];

// Check inputs are generated once per exercise and then only read, so an object's encoding is
// computed once; a grading sends hundreds of them.
const inputCache = new WeakMap<object, EncodedInput>();

/**
 * Encodes a trusted host value (a check's input) for the isolate. Plain data only: numbers,
 * strings, booleans, null, undefined, arrays and plain objects; typed arrays travel as arrays.
 * An object's encoding is cached: inputs must not be changed after their first grading.
 */
export function encodeInput(value: unknown): EncodedInput {
  if (value === null || typeof value !== 'object') return encodeFresh(value);
  let hit = inputCache.get(value);
  if (!hit) {
    hit = encodeFresh(value);
    inputCache.set(value, hit);
  }
  return hit;
}

function encodeFresh(value: unknown): EncodedInput {
  const patches: Patch[] = [];
  const json = encodeHost(value, [], patches);
  return { json, patches: patches.length > 0 ? JSON.stringify(patches) : '' };
}

function encodeHost(v: unknown, path: (string | number)[], patches: Patch[]): string {
  if (path.length > MAX_DEPTH) throw new TypeError('input nested too deeply');
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return special(path, 'NaN', patches);
      if (v === Number.POSITIVE_INFINITY) return special(path, 'Infinity', patches);
      if (v === Number.NEGATIVE_INFINITY) return special(path, '-Infinity', patches);
      if (Object.is(v, -0)) return special(path, '-0', patches);
      return String(v);
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'undefined':
      return special(path, 'u', patches);
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v) || ArrayBuffer.isView(v)) {
        const items = Array.from(v as ArrayLike<unknown>, (x, i) => encodeHost(x, [...path, i], patches));
        return `[${items.join(',')}]`;
      }
      const fields = Object.keys(v).map((k) => `${JSON.stringify(k)}:${encodeHost((v as Record<string, unknown>)[k], [...path, k], patches)}`);
      return `{${fields.join(',')}}`;
    }
    default:
      throw new TypeError(`a check input cannot contain a ${typeof v}`);
  }
}

function special(path: (string | number)[], code: string, patches: Patch[]): string {
  patches.push([path, code]);
  return 'null';
}
