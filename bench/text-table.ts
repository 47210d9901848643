// Plain-text tables and numbers for the benchmarks' reports.

/**
 * A table with a dashed line under the header; the first column left-aligned, the others right.
 *
 * @example
 * console.log(table(['figure', 'etcd'], [['puts/s', '12000']]));
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * A measured number with as many decimals as it is worth: 1234, 12.3, 1.23.
 *
 * @example
 * figure(0.4567); // '0.46'
 */
export function figure(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
