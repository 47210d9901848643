// The two ways a template names a value — a dotted YAML path or a JSON pointer — read into the one
// canonical form: key segments joined by '/', the key below the directory that holds the value.
import { isListIndex, segmentProblem } from '../render/key-segment.js';

/**
 * Reads a value's path as a template writes it, into the canonical key path:
 * - a dotted YAML path: `storage.swift.password`, list items as `hosts[0]` or `hosts.0`, a name that
 *   holds a dot or a bracket as `headers["X.Y"]` (a JSON string inside brackets);
 * - a JSON pointer (RFC 6901), recognised by its leading '/': `/storage/swift/password`, with `~1`
 *   for '/' and `~0` for '~' inside a name.
 * Every segment must be a key segment (not empty, not `.` or `..`, no '/', no control character).
 *
 * @example
 * parseValuePath('storage.swift.password'); // { path: 'storage/swift/password' }
 * parseValuePath('http.headers[0]');        // { path: 'http/headers/0' }
 * parseValuePath('/storage/swift/password'); // { path: 'storage/swift/password' }
 * parseValuePath('storage..swift');         // { reason: 'segment 2 is empty ...' }
 */
export function parseValuePath(text: string): { path: string } | { reason: string } {
  if (typeof text !== 'string') return { reason: 'a path is a string' };
  if (text === '') return { reason: 'it is empty; write a path such as storage.swift.password' };
  if (text.trim() !== text) {
    return { reason: 'it starts or ends with white space; remove it' };
  }
  const segments = text.startsWith('/') ? pointerSegments(text) : dottedSegments(text);
  if ('reason' in segments) return segments;
  for (const [index, segment] of segments.segments.entries()) {
    const problem = segmentProblem(segment);
    if (problem === undefined) continue;
    const hint =
      segment.includes('/') && !text.startsWith('/')
        ? `; a path that separates names with '/' is a JSON pointer and starts with '/' (/${text})`
        : '';
    return { reason: `segment ${index + 1} cannot name a key: ${problem}${hint}` };
  }
  return { path: segments.segments.join('/') };
}

/**
 * A canonical key path as a dotted YAML path, as messages and the UI show it: `storage.swift.password`,
 * `http.headers[0]`, `headers["X.Y"]`.
 *
 * @example
 * dottedPath('http/headers/0'); // 'http.headers[0]'
 */
export function dottedPath(path: string): string {
  let text = '';
  for (const segment of path.split('/')) {
    if (isListIndex(segment) && text !== '') text += `[${segment}]`;
    else if (/^[^.[\]"\s]+$/u.test(segment) && !isListIndex(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function pointerSegments(text: string): { segments: string[] } | { reason: string } {
  const segments: string[] = [];
  for (const raw of text.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) {
      return {
        reason:
          "it is a JSON pointer with a '~' that is not '~0' or '~1'; write '~0' for '~' and '~1' for '/'",
      };
    }
    segments.push(raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return { segments };
}

function dottedSegments(text: string): { segments: string[] } | { reason: string } {
  const segments: string[] = [];
  let position = 0;
  // After a name or a bracket, the next step is '.name' or '[...]'; the first step has no dot.
  let first = true;
  while (position < text.length) {
    const char = text[position];
    if (char === '[') {
      const step = bracketStep(text, position);
      if ('reason' in step) return step;
      segments.push(step.segment);
      position = step.end;
    } else {
      if (!first) {
        if (char !== '.') {
          return { reason: `character ${position + 1} ('${char}') follows ']'; write '.' or '[' there` };
        }
        position += 1;
      }
      const start = position;
      while (position < text.length && !'.[]'.includes(text[position]!)) position += 1;
      if (position === start) {
        const place = start >= text.length ? 'at its end' : `at character ${start + 1}`;
        return { reason: `segment ${segments.length + 1} is empty (${place}); remove the extra '.'` };
      }
      if (text[position] === ']') {
        return { reason: `character ${position + 1} is a ']' without its '['` };
      }
      segments.push(text.slice(start, position));
    }
    first = false;
  }
  return { segments };
}

/** `[0]` (a list index) or `["name"]` (a JSON string) at `start`; `end` is just after the ']'. */
function bracketStep(text: string, start: number): { segment: string; end: number } | { reason: string } {
  const close = text[start + 1] === '"' ? closingQuote(text, start + 1) : text.indexOf(']', start);
  if (text[start + 1] === '"') {
    if (close === -1 || text[close + 1] !== ']') {
      return { reason: `the '[' at character ${start + 1} opens a quoted name that is not closed by '"]'` };
    }
    try {
      return { segment: JSON.parse(text.slice(start + 1, close + 1)) as string, end: close + 2 };
    } catch {
      return { reason: `the quoted name at character ${start + 2} is not a valid JSON string` };
    }
  }
  if (close === -1) return { reason: `the '[' at character ${start + 1} is not closed by ']'` };
  const index = text.slice(start + 1, close);
  if (!isListIndex(index)) {
    return {
      reason:
        `'[${index}]' is not a list index; an index is 0 or digits without a leading zero, ` +
        `and a name goes in quotes: ["${index}"]`,
    };
  }
  return { segment: index, end: close + 1 };
}

/** The index of the '"' closing the JSON string that opens at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let index = open + 1; index < text.length; index++) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === '"') return index;
  }
  return -1;
}
