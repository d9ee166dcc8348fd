import { bodyProblem, jsonDepthExceeds } from './body-guard';

describe('body guard', () => {
  it('measures nesting without parsing, ignoring brackets in strings', () => {
    expect(jsonDepthExceeds(Buffer.from('['.repeat(20_000) + ']'.repeat(20_000)))).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"${'['.repeat(100)}"}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"\\"${'{'.repeat(100)}"}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":[1,{"c":[]}]}}'))).toBe(false);
  });
  it('names the field holding a NUL, an unpaired surrogate or a forbidden key', () => {
    expect(bodyProblem({ a: { b: ['ok', 'x\u0000y'] } })).toEqual({ field: 'a.b.1', message: 'must not contain NUL characters' });
    expect(bodyProblem({ notes: '\ud800' })).toEqual({ field: 'notes', message: 'must not contain unpaired surrogates' });
    expect(bodyProblem(JSON.parse('{"x":{"__proto__":{"admin":true}}}'))).toEqual({ field: 'x.__proto__', message: 'is not an allowed field name' });
    expect(bodyProblem({ constructor: 1 })).toEqual({ field: 'constructor', message: 'is not an allowed field name' });
    expect(bodyProblem({ name: 'Ada 😀', list: [1, null, true] })).toBeNull();
  });
});
