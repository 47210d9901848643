// The start every benchmark shares: parse its options, or print its usage (asked for, or after a
// wrong option) and say which exit status to end with.

/**
 * The options `parse` reads from `argv`; `{ exit }` when the benchmark must not run: 0 after
 * `--help` (parse gave undefined), 2 after a wrong option (its message and the usage on stderr).
 *
 * @example
 * const read = readBenchOptions(argv, parseStoreOptions, storeBenchUsage);
 * if ('exit' in read) return read.exit;
 */
export function readBenchOptions<T>(
  argv: string[],
  parse: (argv: string[]) => T | undefined,
  usage: string,
): { options: T } | { exit: number } {
  let options: T | undefined;
  try {
    options = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    return { exit: 2 };
  }
  if (options === undefined) {
    console.log(usage);
    return { exit: 0 };
  }
  return { options };
}
