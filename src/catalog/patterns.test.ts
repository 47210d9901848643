// Which patterns a template may carry (RE2 syntax, no exponential or cubic backtracking), and
// matching a whole value with re2js.
import { describe, expect, test } from 'vitest';
import { analysePattern, PatternTooLargeError } from './pattern-ambiguity.js';
import { checkPattern, MAX_PATTERN_LENGTH, matchesWhole } from './patterns.js';

describe('checkPattern accepts', () => {
  test.each([
    ['[a-z]+(-[a-z]+)*', 'repetitions that must start with a character the inner part cannot take'],
    ['(:[0-9]+)?', 'an optional part'],
    ['https?://[^\\s/?#@]+(/[^\\s]*)?', 'an http(s) URL'],
    [
      '(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]*):([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])',
      'HOST:PORT',
    ],
    ['([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+', 'a Go duration'],
    ['([0-9]{1,3}\\.){3}[0-9]{1,3}', 'counted repetitions'],
    ['[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}', 'an e-mail address (quadratic at worst: accepted)'],
    ['.*@.*', 'two loops sharing text: quadratic at worst'],
    ['(ab|a)*', 'alternatives that cannot match the same text in two ways'],
    ['([^/]+/)*[^/]+', 'a path'],
    ['(\\.[a-z]+|-[a-z]+)*', 'alternatives with distinct first characters'],
    ['(?i)[a-z]+', 'flags'],
    ['(?P<name>[a-z]+)=(?<value>.*)', 'named groups in both RE2 spellings'],
    ['\\pL+(-\\pL+)*', 'Unicode classes'],
    ['\\Q(a+)+\\E', 'quoted text is literal'],
    ['^[0-9]+$', 'explicit anchors'],
    ['x{,3}', 'a brace that is not a repetition is literal'],
    ['', 'the empty pattern'],
  ])('%s (%s)', (pattern) => {
    expect(checkPattern(pattern)).toBeUndefined();
  });
});

describe('checkPattern refuses', () => {
  test.each([
    ['(a+)+', "the part '(a+)+' can match the same text in more than one way"],
    ['(a*)*', "the part '(a*)*'"],
    ['(a|aa)*', "the part '(a|aa)*'"],
    ['(a|a)+', "the part '(a|a)+'"],
    ['(\\w+\\s?)*$', "the part '(\\w+\\s?)*'"],
    ['([a-z-]+)*', "the part '([a-z-]+)*'"],
    ['(a?b?)*', "the part '(a?b?)*'"],
    ['((ab)*)*', "the part '((ab)*)*'"],
    ['(x+x+)+y', "the part '(x+x+)+'"],
    ['(a{1,3})*', "the part '(a{1,3})*'"],
    ['[[:digit:]]+([[:digit:]]+)*', "the part '([[:digit:]]+)*'"],
    ['(?i)(a|A)*', "the part '(a|A)*'"],
    ['(\\pL|a)*', "the part '(\\pL|a)*'"],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', 'exponential time'],
    ['.*a.*a.*', "in '.*a.*a.*', 3 repeated parts in a row can each take the same text"],
    ['(.*a){20}', "in '(.*a){20}', 20 repeated parts"],
    ['a*a*a*', 'to the power 3'],
    ['(?=a)a', 'lookaround'],
    ['(?!a)b', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['(a)\\1', 'backreference'],
    ['(?<n>a)\\k<n>', 'backreference'],
    ['[a-', 'not a valid RE2 pattern: missing closing ]'],
    ['a**', 'invalid nested repetition operator'],
    ['a{1001}', 'invalid repeat count'],
    ['\\C', 'invalid escape sequence'],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), `a pattern is at most ${MAX_PATTERN_LENGTH} characters`],
  ])('%s: %s', (pattern, reason) => {
    expect(checkPattern(pattern)).toContain(reason);
  });

  test('a pattern whose counted repetitions expand too far is refused as too large to check', () => {
    expect(checkPattern('[a-z]{999}[0-9]{999}[A-Z]{999}')).toContain(
      'longer than 2000 characters once expanded',
    );
    expect(() => analysePattern('([a-z]{0,999}[0-9]{0,999}[A-Z]{0,999})')).toThrow(PatternTooLargeError);
    expect(checkPattern('((a{1,9}){1,9}){1,9}[b-z]{1000}')).toBeUndefined(); // 1,729 characters: examined
  });

  test('a value that is not a string is refused, not thrown', () => {
    expect(checkPattern(7 as unknown as string)).toBe('a pattern is a string');
  });
});

describe('patterns accepted are fast in a backtracking engine too', () => {
  // Each accepted pattern, written in syntax JavaScript shares with RE2, against values built to make
  // a backtracking engine try every way: a long run of what its loops share, then a character that fails.
  test.each([
    ['[a-z]+(-[a-z]+)*', 'a-'.repeat(20_000)],
    ['([^/]+/)*[^/]+', 'a/'.repeat(20_000)],
    ['(ab|a)*', 'ab'.repeat(20_000)],
    ['[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}', `${'a'.repeat(3000)}@${'a.'.repeat(1500)}`],
    ['([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+', '1.5'.repeat(20_000)],
  ])('%s', (pattern, value) => {
    expect(checkPattern(pattern)).toBeUndefined();
    const regExp = new RegExp(`^(?:${pattern})$`);
    const started = performance.now();
    regExp.test(`${value}!`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('matchesWhole', () => {
  test.each([
    ['[0-9]+', '5000', true],
    ['[0-9]+', '50x', false],
    ['[0-9]+', 'x50', false],
    ['[0-9]+', '', false],
    ['a|b', 'a', true],
    ['a|b', 'ab', false],
    ['^[0-9]+$', '5000', true],
    ['https?://.+', 'http://example.com', true],
    ['https?://.+', 'see http://example.com', false],
    ['(?i)yes', 'YES', true],
    ['.*', 'line\nbreak', false],
    ['(?s).*', 'line\nbreak', true],
    ['\\pL+', 'Grüße', true],
    ['.', '😀', true],
  ])('%s on %j: %s (a partial match is not a match)', (pattern, text, matches) => {
    expect(matchesWhole(pattern, text)).toBe(matches);
  });

  test('a pattern that does not compile is misuse', () => {
    expect(() => matchesWhole('[a-', 'a')).toThrow(TypeError);
  });

  test('is linear: a pattern that backtracking engines take forever on is instant', () => {
    const started = performance.now();
    expect(matchesWhole('(a+)+b', `${'a'.repeat(100_000)}c`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
