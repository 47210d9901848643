// Line and column of an offset in a text, for parse errors that point at a place without quoting it.

/**
 * The 1-based line and column of `offset` in `text` (a column counts UTF-16 code units).
 *
 * @example
 * lineColumnAt('a\nbc', 3); // { line: 2, column: 2 }
 */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  let line = 1;
  for (let i = 0; i < before.length; i++) {
    const char = before[i];
    if (char === '\n' || (char === '\r' && before[i + 1] !== '\n')) line += 1;
  }
  return { line, column: offset - lineStart + 1 };
}
