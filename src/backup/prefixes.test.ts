import { describe, expect, it } from 'vitest';
import { normalisePrefixes, prefixMatcher } from './prefixes.js';

describe('prefixes', () => {
  it('sorts, drops prefixes inside others, and reads none as everything', () => {
    expect(normalisePrefixes(['hack/', 'hack/storage/', 'app/'])).toEqual(['app/', 'hack/']);
    expect(normalisePrefixes(['hack/', ''])).toEqual(['']);
    expect(normalisePrefixes(undefined)).toEqual(['']);
  });

  it('matches keys by their bytes under any prefix', () => {
    const covered = prefixMatcher(['hack/', 'é/']);
    expect(covered(Buffer.from('hack/http/addr'))).toBe(true);
    expect(covered(Buffer.from('é/x'))).toBe(true);
    expect(covered(Buffer.from('hackers/x'))).toBe(false);
    expect(covered(Buffer.from('hack'))).toBe(false);
    expect(prefixMatcher([''])(Buffer.from('anything'))).toBe(true);
  });
});
