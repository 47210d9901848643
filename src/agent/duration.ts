// Durations in the agent's settings: milliseconds as a number, or text such as "250ms", "2s", "1m".

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds of `text` ("250ms", "1.5s", "2m", "1h", or a bare number of milliseconds), or
 * undefined when it is not a duration.
 *
 * @example
 * parseDuration('2s'); // 2000
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (match === null) return undefined;
  return Math.round(Number(match[1]) * units[match[2] ?? 'ms']!);
}
