// The errors of the catalogue module: one class per failure, each with a stable `code`. Messages name
// files, entries, charts, versions, flavors and key paths; never a value of a sensitive spec.
import type { CatalogIssue, ValueProblem } from './model.js';

/**
 * Every code an error of the catalogue module carries, as a list (docs/catalog.md lists each one).
 *
 * @example
 * catalogErrorCodes.includes(err.code);
 */
export const catalogErrorCodes = [
  'CATALOG_INVALID',
  'CATALOG_SOURCE_INVALID',
  'CHART_NOT_FOUND',
  'CHART_VERSION_NOT_FOUND',
  'FLAVOR_NOT_FOUND',
  'VALUES_INVALID',
] as const;

/**
 * Every code an error of the catalogue module carries.
 *
 * @example
 * if (err instanceof CatalogError && err.code === 'CATALOG_INVALID') console.error(err.issues);
 */
export type CatalogErrorCode = (typeof catalogErrorCodes)[number];

/**
 * The base of every error this module throws. Misuse of the API (a value that is not a template
 * value, a pattern that was never checked) is a plain `TypeError` instead.
 *
 * @example
 * try { await readRepositoryFiles(path); } catch (err) { if (err instanceof CatalogError) console.error(err.code); }
 */
export abstract class CatalogError extends Error {
  abstract readonly code: CatalogErrorCode;
}

/**
 * One issue as a line of text: the file, the entry (`default_value_array[3] (storage.swift.authurl)`
 * in a config file, the value's path in a values file) and the reason.
 *
 * @example
 * formatIssue({ file: 'metadata.json', reason: "'chart_name' is missing" }); // "metadata.json: 'chart_name' is missing"
 */
export function formatIssue(issue: CatalogIssue): string {
  let where = issue.file;
  if (issue.entry !== undefined) {
    const path = issue.entry.path === undefined ? '' : ` (${issue.entry.path})`;
    where += issue.file.endsWith('-config.json')
      ? `, default_value_array[${issue.entry.index}]${path}`
      : issue.entry.path === undefined
        ? `, value ${issue.entry.index}`
        : `, ${issue.entry.path}`;
  }
  return `${where}: ${issue.reason}`;
}

/** How many issues or problems a message lists before it says how many more there are. */
const listedInMessage = 10;

function listed(lines: readonly string[]): string {
  const shown = lines.slice(0, listedInMessage).map((line) => `\n  - ${line}`);
  const more = lines.length > listedInMessage ? `\n  ... and ${lines.length - listedInMessage} more` : '';
  return shown.join('') + more;
}

/**
 * A template repository is not valid: `issues` holds every problem found, each naming the file, the
 * entry and the reason. Nothing of it was stored.
 *
 * @example
 * const parsed = parseRepository(files);
 * if ('issues' in parsed) throw new CatalogInvalidError(parsed.issues);
 */
export class CatalogInvalidError extends CatalogError {
  readonly code = 'CATALOG_INVALID';
  override readonly name = 'CatalogInvalidError';
  constructor(
    readonly issues: readonly CatalogIssue[],
    /** What was imported (a folder, an archive), for the message. */
    readonly source?: string,
  ) {
    const what = source === undefined ? 'the template repository' : `the template repository ${source}`;
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(
      `cannot import ${what}: ${count}; fix ${issues.length === 1 ? 'it' : 'them'} and import it again:` +
        listed(issues.map(formatIssue)),
    );
  }
}

/**
 * A template repository could not be read from its folder or archive: it does not exist, it is not a
 * folder or a `.tar.gz`, it holds a symbolic link, a path leaving the repository, too many files or
 * too many bytes, a file that is not UTF-8, or the archive is damaged.
 *
 * @example
 * await readRepositoryFiles('chart.zip'); // throws CatalogSourceError
 */
export class CatalogSourceError extends CatalogError {
  readonly code = 'CATALOG_SOURCE_INVALID';
  override readonly name = 'CatalogSourceError';
  constructor(
    /** The folder or archive given. */
    readonly source: string,
    /** What is wrong, in words; names the file inside the repository when about one. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read the template repository ${source}: ${reason}`, options);
  }
}

/**
 * No chart of that name is in the catalogue.
 *
 * @example
 * throw new ChartNotFoundError('registri', ['registry']);
 */
export class ChartNotFoundError extends CatalogError {
  readonly code = 'CHART_NOT_FOUND';
  override readonly name = 'ChartNotFoundError';
  constructor(
    readonly chart: string,
    /** The charts there are. */
    readonly available: readonly string[] = [],
  ) {
    super(
      `the catalogue has no chart '${chart}'; ${
        available.length === 0
          ? 'it is empty: import one with setpoint catalog import PATH'
          : `choose one of ${available.join(', ')} (setpoint catalog ls)`
      }`,
    );
  }
}

/**
 * The chart exists but has no version of that name.
 *
 * @example
 * selectFlavor(chart, '9.9.9', 'swift'); // throws ChartVersionNotFoundError
 */
export class ChartVersionNotFoundError extends CatalogError {
  readonly code = 'CHART_VERSION_NOT_FOUND';
  override readonly name = 'ChartVersionNotFoundError';
  constructor(
    readonly chart: string,
    readonly version: string,
    readonly available: readonly string[],
  ) {
    super(
      `the chart '${chart}' has no version '${version}'; choose one of ${available.join(', ')} ` +
        `(setpoint catalog show ${chart})`,
    );
  }
}

/**
 * The chart's version has no flavor of that name.
 *
 * @example
 * selectFlavor(chart, '2.8.2', 's3'); // throws FlavorNotFoundError
 */
export class FlavorNotFoundError extends CatalogError {
  readonly code = 'FLAVOR_NOT_FOUND';
  override readonly name = 'FlavorNotFoundError';
  constructor(
    readonly chart: string,
    readonly version: string,
    readonly flavor: string,
    readonly available: readonly string[],
  ) {
    super(
      `version ${version} of the chart '${chart}' has no flavor '${flavor}'; choose one of ` +
        `${available.join(', ')} (setpoint catalog show ${chart} ${version})`,
    );
  }
}

/**
 * Values break the template they are checked against. `problems` holds every one, each naming the key
 * path, the reason, the spec's description and patterns, never a sensitive value.
 *
 * @example
 * const problems = checkDirectory(flavor.specs, keys);
 * if (problems.length > 0) throw new ValuesInvalidError(problems);
 */
export class ValuesInvalidError extends CatalogError {
  readonly code = 'VALUES_INVALID';
  override readonly name = 'ValuesInvalidError';
  constructor(
    readonly problems: readonly ValueProblem[],
    /** The directory the values are for, for the message. */
    readonly directory?: string,
  ) {
    const where = directory === undefined ? 'the values' : `the values of '${directory}'`;
    const count = problems.length === 1 ? 'a value breaks' : `${problems.length} values break`;
    super(
      `${count} the template of ${where}; correct ${problems.length === 1 ? 'it' : 'them'} and try again:` +
        listed(problems.map((problem) => `${problem.path}: ${problem.reason}`)),
    );
  }
}
