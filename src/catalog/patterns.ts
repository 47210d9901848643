// Which regular expressions a template may carry, and matching a value against one: RE2 syntax,
// evaluated by re2js (linear time), and refused when an engine that backtracks could take exponential
// time on it, since other readers of a catalogue (a browser, other tools) may use such an engine.
import { RE2JS, RE2JSSyntaxException } from 're2js';
import { analysePattern, PatternTooLargeError } from './pattern-ambiguity.js';

/** The longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * Why `pattern` cannot be one of a template's `regex` patterns, or `undefined` when it can. A pattern
 * must be RE2 syntax that re2js compiles (so no backreferences and no lookaround), at most 1,000
 * characters, and must have no part that can match the same text in more than one way while it is
 * repeated without bound: `(a+)+`, `(a|aa)*`, `(\w+\s?)*` — the shapes that take exponential time in
 * engines that backtrack. `[a-z]+(-[a-z]+)*` and `(:[0-9]+)?` are fine. docs/catalog.md has the rule.
 *
 * @example
 * checkPattern('[a-z]+(-[a-z]+)*'); // undefined
 * checkPattern('(a+)+$');          // "the part '(a+)+' can match the same text in more than one way ..."
 * checkPattern('(?=a)');           // "... RE2 has no lookaround ..."
 */
export function checkPattern(pattern: string): string | undefined {
  if (typeof pattern !== 'string') return 'a pattern is a string';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `it is ${pattern.length} characters long; a pattern is at most ${MAX_PATTERN_LENGTH} characters`;
  }
  const compiled = compile(pattern);
  if ('reason' in compiled) return compiled.reason;
  try {
    const ambiguity = analysePattern(pattern);
    if (ambiguity === undefined) return undefined;
    if (ambiguity.kind === 'exponential') {
      return (
        `the part '${ambiguity.part}' can match the same text in more than one way and is repeated, so ` +
        'an engine that backtracks (a browser, PCRE, Java, Python) could take exponential time on some ' +
        'values; rewrite it so each repetition can start only one way (for example [a-z]+(-[a-z]+)* ' +
        'rather than ([a-z-]+)*)'
      );
    }
    return (
      `in '${ambiguity.part}', ${ambiguity.loops} repeated parts in a row can each take the same text, so ` +
      "an engine that backtracks (a browser, PCRE, Java, Python) could take time growing with the value's " +
      `length to the power ${ambiguity.loops}; make the parts between them tell them apart (for example ` +
      '[^@]*@[^@]* rather than .*@.*@.*), or use fewer'
    );
  } catch (error) {
    if (error instanceof PatternTooLargeError) return error.message;
    throw error;
  }
}

/** Compiled patterns, so a directory's values are checked without compiling the same pattern again. */
const compiledPatterns = new Map<string, RE2JS>();
const maxCompiledPatterns = 2000;

function compile(pattern: string): { re: RE2JS } | { reason: string } {
  const cached = compiledPatterns.get(pattern);
  if (cached !== undefined) return { re: cached };
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException || error instanceof Error) {
      return { reason: syntaxReason(pattern, error) };
    }
    throw error;
  }
  if (compiledPatterns.size >= maxCompiledPatterns) compiledPatterns.clear();
  compiledPatterns.set(pattern, re);
  return { re };
}

function syntaxReason(pattern: string, error: Error): string {
  if (/\(\?(?:=|!|<=|<!)/.test(pattern)) {
    return (
      'it uses lookaround ((?=...), (?!...), (?<=...) or (?<!...)), which RE2 syntax does not have because ' +
      'it cannot be matched in linear time; express the condition without it, or with a second pattern ' +
      '(every pattern of a value must match)'
    );
  }
  if (/\\[1-9]|\\k</.test(pattern) && /invalid escape/.test(error.message)) {
    return (
      'it uses a backreference (\\1, \\k<name>), which RE2 syntax does not have because it cannot be ' +
      'matched in linear time; repeat the sub-pattern instead'
    );
  }
  const detail = error.message.replace(/^error parsing regexp: /, '');
  return `it is not a valid RE2 pattern: ${detail}`;
}

/**
 * Whether `text` matches `pattern` as a whole (anchored at both ends: a partial match is not a match),
 * with re2js, in time linear in the text. The pattern is compiled once and kept. A pattern that does
 * not compile is misuse (check it with `checkPattern` first): a `TypeError`.
 *
 * @example
 * matchesWhole('[0-9]+', '5000'); // true
 * matchesWhole('[0-9]+', '50x');  // false: '50' matches, but not the whole value
 */
export function matchesWhole(pattern: string, text: string): boolean {
  const compiled = compile(pattern);
  if ('reason' in compiled) {
    throw new TypeError(`matchesWhole was given a pattern that does not compile (${compiled.reason})`);
  }
  return compiled.re.testExact(text);
}
