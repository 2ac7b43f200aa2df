import { describe, expect, it } from 'vitest';
import { decodeWire, encodeInput, Opaque, WireError } from '../../../grader/sandbox/wire';

describe('wire format', () => {
  it('sends inputs as plain JSON and patches in what JSON cannot carry', () => {
    expect(encodeInput({ W: [[1, 2]], b: [0.5] })).toEqual({ json: '{"W":[[1,2]],"b":[0.5]}', patches: '' });
    const special = encodeInput([1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, undefined, { a: undefined }]);
    expect(special.json).toBe('[1,null,null,null,null,null,{"a":null}]');
    expect(JSON.parse(special.patches)).toEqual([
      [[1], 'NaN'],
      [[2], 'Infinity'],
      [[3], '-Infinity'],
      [[4], '-0'],
      [[5], 'u'],
      [[6, 'a'], 'u'],
    ]);
    expect(encodeInput(Number.NaN)).toEqual({ json: 'null', patches: '[[[],"NaN"]]' });
    expect(encodeInput(new Float64Array([0.5, 2]))).toEqual({ json: '[0.5,2]', patches: '' });
  });

  it('encodes an input object once', () => {
    const input = { x: [1, 2, 3] };
    expect(encodeInput(input)).toBe(encodeInput(input));
  });

  it('decodes NaN, infinities, -0 and undefined, distinct from learner strings', () => {
    const back = decodeWire('[{"$":"n","v":"NaN"},{"$":"n","v":"Infinity"},{"$":"n","v":"-Infinity"},{"$":"n","v":"-0"},{"$":"u"},"NaN"]') as unknown[];
    expect(back).toEqual([Number.NaN, Infinity, -Infinity, -0, undefined, 'NaN']);
    expect(Object.is(back[3], -0)).toBe(true);
  });

  it('keeps a field named __proto__ as a field', () => {
    const back = decodeWire('{"$":"o","v":{"__proto__":{"$":"o","v":{"polluted":true}}}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes opaque values into descriptions a student can read', () => {
    const v = decodeWire('[{"$":"x","k":"function","d":"sigmoid"},{"$":"x","k":"object","d":"Promise"}]') as Opaque[];
    expect(v[0]).toBeInstanceOf(Opaque);
    expect(String(v[0])).toBe('a function (sigmoid)');
    expect(String(v[1])).toMatch(/Promise/);
  });

  it.each([
    ['not JSON', '{'],
    ['an untagged object', '{"a":1}'],
    ['an unknown tag', '{"$":"q"}'],
    ['extra fields in a tag', '{"$":"u","v":1}'],
    ['a bad number tag', '{"$":"n","v":"1e999"}'],
    ['an unknown opaque kind', '{"$":"x","k":"rocket","d":""}'],
    ['nesting beyond the limit', `${'['.repeat(60)}${']'.repeat(60)}`],
  ])('rejects %s', (_name, text) => {
    expect(() => decodeWire(text)).toThrow(WireError);
  });
});
