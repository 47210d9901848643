// `setpoint catalog`: the chart template catalogue through the Setpoint server — import a template
// repository (a folder, packed to .tar.gz in memory, or a .tar.gz), list and show charts, versions
// and flavors, make a directory from a flavor (apply) and move it to another version (upgrade).

import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { create as createTar } from 'tar';
import { CatalogError, formatIssue } from '../catalog/errors.js';
import type { CatalogIssue, TemplateValue, ValueProblem, ValueSpec } from '../catalog/model.js';
import { dottedPath } from '../catalog/paths.js';
import { readRepositoryFiles } from '../catalog/read-source.js';
import { formatFromFileName, parseDocument } from '../render/index.js';
import { ApiAnswerError } from './remote/api-client.js';
import { addServerFlags, openClient, type ServerFlags } from './remote/connection.js';
import {
  type ChangeRecord,
  countChanges,
  type DiffEntry,
  formatDiff,
  formatTable,
  printJson,
} from './remote/format.js';
import { directoryName } from './remote/history.js';
import {
  errorLine,
  exitStatus,
  exitStatusHelp,
  exitStatusOf,
  serverHelp,
  UsageError,
  usageExit,
} from './remote/run-action.js';

interface JsonFlags extends ServerFlags {
  json: boolean;
}

interface ApplyFlags extends JsonFlags {
  values?: string;
  set: string[];
  recipient?: string[];
  description?: string;
  message?: string;
  dryRun: boolean;
}

interface UpgradeFlags extends JsonFlags {
  message?: string;
  dryRun: boolean;
}

/** A chart as GET /catalog lists it. */
interface ChartAnswer {
  readonly name: string;
  readonly metadata: {
    readonly repositoryName: string;
    readonly repository: string;
    readonly chartName: string;
    readonly logoImage: string;
    readonly description: string;
  };
  readonly importedAt: string;
  readonly importedBy: string;
  readonly versions: readonly { version: string; flavors: readonly string[]; importedAt: string }[];
}

/** GET /catalog/CHART/versions/VERSION */
interface VersionAnswer {
  readonly chart: string;
  readonly version: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly flavors: readonly { name: string; valueCount: number; sensitiveCount: number; readme: string }[];
}

/** One value of a flavor: its spec as the catalogue holds it, and the flavor's value. */
interface ValueAnswer extends Omit<ValueSpec, 'writtenPath'> {
  readonly value: TemplateValue;
}

/** GET /catalog/CHART/versions/VERSION/flavors/FLAVOR */
interface FlavorAnswer {
  readonly chart: string;
  readonly version: string;
  readonly flavor: string;
  readonly readme: string;
  readonly values: readonly ValueAnswer[];
}

/** POST /catalog */
interface ImportAnswer {
  readonly chart: string;
  readonly versions: readonly { version: string; flavors: readonly string[]; replaced: boolean }[];
  readonly revision: number;
}

interface Template {
  readonly chart: string;
  readonly version: string;
  readonly flavor: string;
}

/** POST /directories/DIR/template */
interface ApplyAnswer {
  readonly directory: string;
  readonly template: Template;
  readonly entries: readonly DiffEntry[];
  readonly created: boolean;
  readonly change?: ChangeRecord;
}

/** POST /directories/DIR/template/upgrade */
interface UpgradeAnswer {
  readonly directory: string;
  readonly from: Template;
  readonly to: Template;
  readonly defaults: readonly {
    path: string;
    change: 'added' | 'removed' | 'changed';
    before?: TemplateValue;
    after?: TemplateValue;
    sensitive: boolean;
  }[];
  readonly kept: readonly { path: string; reason: string }[];
  readonly entries: readonly DiffEntry[];
  readonly problems?: readonly ValueProblem[];
  readonly change?: ChangeRecord;
}

const repositoryHelp =
  '\nA template repository holds metadata.json and versions/<version>/<flavor>-config.json,\n' +
  '<flavor>-values.json and <flavor>-readme.md (docs/catalog.md). Re-importing a version replaces it; the\n' +
  'other versions stay. Every problem is listed at once, and nothing is stored when there is one.';

/**
 * Registers `setpoint catalog` and its commands: import, ls, show, apply, upgrade.
 *
 * @example
 * catalogCommand(program); // setpoint catalog apply registry 2.8.2 swift hack --set storage.swift.container=images
 */
export function catalogCommand(program: Command): void {
  const catalog = program
    .command('catalog')
    .summary('chart templates: import, list, show, make a directory from one, upgrade it')
    .description(
      'the chart template catalogue on the Setpoint server: import template repositories, browse their\n' +
        'charts, versions and flavors, make a directory from a flavor and move it to another version',
    );

  addServerFlags(
    catalog
      .command('import')
      .summary('import a template repository (a folder or a .tar.gz)')
      .description('import the template repository at PATH (a folder, packed to .tar.gz, or a .tar.gz/.tgz)')
      .argument('<path>', 'the repository folder, or its .tar.gz archive')
      .option(
        '--json',
        "print the API's answer: {chart, versions: [{version, flavors, replaced}], revision}",
        false,
      )
      .addHelpText('after', `${repositoryHelp}\nNeeds admin on everything.\n${serverHelp}\n${exitStatusHelp}`)
      .exitOverride(usageExit),
  ).action((path: string, flags: JsonFlags) => runCatalog('import', () => importRepository(path, flags)));

  addServerFlags(
    catalog
      .command('ls')
      .summary('list the charts of the catalogue with their versions')
      .option('--json', "print the API's answer: {charts}", false)
      .addHelpText('after', `\n${serverHelp}\n${exitStatusHelp}`)
      .exitOverride(usageExit),
  ).action((flags: JsonFlags) => runCatalog('ls', () => listCharts(flags)));

  addServerFlags(
    catalog
      .command('show')
      .summary('show a chart, a version (its flavors) or a flavor (every value and its readme)')
      .argument('<chart>', "the chart, e.g. 'registry'")
      .argument('[version]', "one of its versions, e.g. '2.8.2'")
      .argument('[flavor]', "one of that version's flavors, e.g. 'swift'")
      .option('--json', "print the API's answer", false)
      .addHelpText(
        'after',
        "\nA flavor shows each value with its path, type, value (the default, or the flavor's own), rules\n" +
          `(patterns, allowed values, ranges, lengths), cluster resources and description.\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((chart: string, version: string | undefined, flavor: string | undefined, flags: JsonFlags) =>
    runCatalog('show', () => show(chart, version, flavor, flags)),
  );

  addServerFlags(
    catalog
      .command('apply')
      .summary('make a directory from a flavor of a chart, as one change')
      .description(
        "make DIR from FLAVOR of CHART's VERSION: every value's default, then the flavor's values, then yours\n" +
          '(--values, then each --set), checked as a whole; sensitive values sealed; written as one change, and\n' +
          'DIR follows the template from then on (every write to it is checked)',
      )
      .argument('<chart>', "the chart, e.g. 'registry'")
      .argument('<version>', "its version, e.g. '2.8.2'")
      .argument('<flavor>', "the flavor, e.g. 'swift'")
      .argument('<dir>', "the directory, e.g. 'hack'")
      .option(
        '--values <file>',
        'your values: a YAML or JSON file, nested like the config file or flat by path',
      )
      .option(
        '--set <path=value>',
        'one value, e.g. storage.swift.container=images (a list: a,b or JSON); repeat for more',
        collect,
        [],
      )
      .option(
        '--recipient <name...>',
        'when DIR is made by this: the registered keys its sensitive values are sealed to',
      )
      .option('--description <text>', 'when DIR is made by this: its description')
      .option('-m, --message <text>', 'why: kept in the change record')
      .option('--dry-run', 'print what it would write, write nothing', false)
      .option('--json', "print the API's answer: {directory, template, entries, created, change?}", false)
      .addHelpText(
        'after',
        '\nA sensitive value is never printed, and sealed to the recipients of DIR (--recipient when DIR is new).\n' +
          `Needs publisher on DIR/.\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((chart: string, version: string, flavor: string, dir: string, flags: ApplyFlags) =>
    runCatalog('apply', () => apply(chart, version, flavor, dir, flags)),
  );

  addServerFlags(
    catalog
      .command('upgrade')
      .summary('move a directory to another version of its chart, as one change')
      .description(
        'move DIR to VERSION of the chart it was made from (same flavor): values holding the old default follow\n' +
          'the new one, values you set are kept, values the new version drops go unless you set them',
      )
      .argument('<dir>', "the directory, e.g. 'hack'")
      .argument('<version>', "the chart's version to move to, e.g. '2.8.2'")
      .option('-m, --message <text>', 'why: kept in the change record')
      .option('--dry-run', 'print the changed defaults and what it would write, write nothing', false)
      .option(
        '--json',
        "print the API's answer: {from, to, defaults, kept, entries, problems?, change?}",
        false,
      )
      .addHelpText('after', `\nNeeds publisher on DIR/.\n${serverHelp}\n${exitStatusHelp}`)
      .exitOverride(usageExit),
  ).action((dir: string, version: string, flags: UpgradeFlags) =>
    runCatalog('upgrade', () => upgrade(dir, version, flags)),
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Runs a catalogue command; on failure prints its error (each issue or problem of an invalid
 * repository or values on a line of its own) and exits with the status of every API command.
 */
async function runCatalog(name: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    process.stderr.write(catalogErrorText(name, err));
    process.exit(err instanceof CatalogError ? exitStatus.usage : exitStatusOf(err));
  }
}

/** The error's line, and under it every issue or problem it lists. */
function catalogErrorText(name: string, err: unknown): string {
  const details = err instanceof ApiAnswerError ? err.details : undefined;
  const issues = details?.issues as readonly CatalogIssue[] | undefined;
  const problems = details?.problems as readonly (ValueProblem & { key?: string })[] | undefined;
  if (!(err instanceof ApiAnswerError) || (!Array.isArray(issues) && !Array.isArray(problems))) {
    const line = errorLine(`catalog ${name}`, err);
    return err instanceof CatalogError ? line.replace(/\n$/, ` (${err.code})\n`) : line;
  }
  const head = err.message.split('\n')[0]!.replace(/:$/, '');
  const lines = [`setpoint catalog ${name}: ${head} (${err.code})`];
  for (const issue of issues ?? []) lines.push(`  ${formatIssue(issue)}`);
  for (const problem of problems ?? []) {
    const patterns =
      problem.regex !== undefined && problem.regex.length > 0
        ? ` [pattern ${problem.regex.join(' ; ')}]`
        : '';
    const description = problem.description === '' ? '' : ` — ${problem.description}`;
    lines.push(`  ${dottedPath(problem.path)}: ${problem.reason}${patterns}${description}`);
  }
  return `${lines.join('\n')}\n`;
}

async function importRepository(path: string, flags: JsonFlags): Promise<void> {
  const archive = await repositoryArchive(path);
  const answer = await postArchive(flags, archive);
  if (flags.json) return printJson(answer);
  const lines = [`imported chart '${answer.chart}' from ${path} at revision ${answer.revision}:`];
  for (const v of answer.versions) {
    lines.push(
      `  ${v.version}  ${v.flavors.join(', ')}${v.replaced ? '  (replaced the stored one)' : '  (new)'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The repository as .tar.gz bytes: a folder's format files packed in memory, or an archive as it is. */
async function repositoryArchive(path: string): Promise<Buffer> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (err) {
    throw new UsageError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; give a folder or a .tar.gz`,
    );
  }
  if (!isFolder) {
    if (!/\.(?:tar\.gz|tgz)$/i.test(path)) {
      throw new UsageError(`${path} is neither a folder nor a .tar.gz or .tgz archive`);
    }
    return readFile(path);
  }
  // The same reading (and limits) as the server's, so a folder the server would refuse is refused here.
  const files = await readRepositoryFiles(path);
  const chunks: Buffer[] = [];
  const stream = createTar(
    { gzip: true, cwd: path, portable: true, noMtime: true },
    [...files.keys()].sort(),
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** POST /catalog with the archive as its body (application/gzip), as every API command connects. */
async function postArchive(flags: ServerFlags, archive: Buffer): Promise<ImportAnswer> {
  const client = await openClient(flags);
  return client.request<ImportAnswer>('POST', '/catalog', {
    rawBody: { bytes: archive, contentType: 'application/gzip' },
  });
}

async function listCharts(flags: JsonFlags): Promise<void> {
  const client = await openClient(flags);
  const { charts } = await client.get<{ charts: ChartAnswer[] }>('/catalog');
  if (flags.json) return printJson({ charts });
  if (charts.length === 0) {
    process.stdout.write("the catalogue is empty; import a chart with 'setpoint catalog import PATH'\n");
    return;
  }
  process.stdout.write(
    formatTable(
      ['CHART', 'VERSIONS', 'DESCRIPTION'],
      charts.map((c) => [
        c.name,
        c.versions.map((v) => v.version).join(', '),
        oneLine(c.metadata.description),
      ]),
    ),
  );
}

async function show(
  chart: string,
  version: string | undefined,
  flavor: string | undefined,
  flags: JsonFlags,
): Promise<void> {
  const client = await openClient(flags);
  const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');
  if (version === undefined) {
    const answer = await client.get<ChartAnswer>(`/catalog/${path(chart)}`);
    if (flags.json) return printJson(answer);
    const { metadata } = answer;
    const lines = [
      `${answer.name}: ${oneLine(metadata.description)}`,
      `  repository  ${metadata.repositoryName}${metadata.repository === '' ? '' : ` (${metadata.repository})`}`,
      ...(metadata.logoImage === '' ? [] : [`  logo        ${metadata.logoImage}`]),
      `  imported    ${answer.importedAt} by ${answer.importedBy}`,
      '',
      formatTable(
        ['VERSION', 'FLAVORS', 'IMPORTED'],
        answer.versions.map((v) => [v.version, v.flavors.join(', '), v.importedAt]),
      ).trimEnd(),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  if (flavor === undefined) {
    const answer = await client.get<VersionAnswer>(`/catalog/${path(chart)}/versions/${path(version)}`);
    if (flags.json) return printJson(answer);
    const lines = [
      `${answer.chart} ${answer.version} (imported ${answer.importedAt} by ${answer.importedBy})`,
      '',
    ];
    lines.push(
      formatTable(
        ['FLAVOR', 'VALUES', 'SENSITIVE', 'ABOUT'],
        answer.flavors.map((f) => [
          f.name,
          String(f.valueCount),
          String(f.sensitiveCount),
          readmeTitle(f.readme),
        ]),
      ).trimEnd(),
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  const answer = await client.get<FlavorAnswer>(
    `/catalog/${path(chart)}/versions/${path(version)}/flavors/${path(flavor)}`,
  );
  if (flags.json) return printJson(answer);
  const lines = [`${answer.chart} ${answer.version} (${answer.flavor}): ${answer.values.length} values`, ''];
  for (const value of answer.values) lines.push(...describeValue(value), '');
  lines.push('--- readme ---', answer.readme.trimEnd());
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One value of a flavor as lines: path and type, value, rules, cluster resources, description. */
function describeValue(value: ValueAnswer): string[] {
  const type = value.type === 'array' ? `list of ${value.itemType ?? 'string'}` : value.type;
  const marks = [type, ...(value.required ? ['required'] : []), ...(value.sensitive ? ['sensitive'] : [])];
  const lines = [`${dottedPath(value.path)}  (${marks.join(', ')})${value.label ? `  ${value.label}` : ''}`];
  const shown = JSON.stringify(value.value);
  const fromDefault =
    JSON.stringify(value.default) === shown ? '' : ` (default ${JSON.stringify(value.default)})`;
  lines.push(`    value: ${shown}${fromDefault}`);
  for (const pattern of value.regex) lines.push(`    pattern: ${pattern}`);
  if (value.enum !== undefined)
    lines.push(`    one of: ${value.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (value.min !== undefined || value.max !== undefined) {
    lines.push(`    range: ${value.min ?? '-inf'} .. ${value.max ?? 'inf'}`);
  }
  if (value.minLength !== undefined || value.maxLength !== undefined) {
    lines.push(`    length: ${value.minLength ?? 0} .. ${value.maxLength ?? 'any'} characters`);
  }
  if (value.clusterResources !== undefined && value.clusterResources !== '') {
    lines.push(`    cluster resources: ${value.clusterResources}`);
  }
  if (value.group !== undefined) lines.push(`    group: ${value.group}`);
  if (value.description !== '') lines.push(`    ${oneLine(value.description)}`);
  return lines;
}

async function apply(
  chart: string,
  version: string,
  flavor: string,
  dirText: string,
  flags: ApplyFlags,
): Promise<void> {
  const directory = directoryName(dirText);
  const values = flags.values === undefined ? undefined : await readValuesFile(flags.values);
  const client = await openClient(flags);
  const answer = await client.post<ApplyAnswer>(`/directories/${encodeURIComponent(directory)}/template`, {
    chart,
    version,
    flavor,
    ...(values !== undefined ? { values } : {}),
    ...(flags.set.length > 0 ? { set: flags.set } : {}),
    ...(flags.recipient !== undefined ? { recipients: flags.recipient } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.message !== undefined ? { message: flags.message } : {}),
    dryRun: flags.dryRun,
  });
  if (flags.json) return printJson(answer);
  const template = `${answer.template.chart} ${answer.template.version} (${answer.template.flavor})`;
  const made = answer.created ? 'make' : 'fill';
  const head = flags.dryRun
    ? `dry run: ${made === 'make' ? 'making' : 'filling'} '${directory}/' from ${template} would make ${countChanges(answer.entries)}; nothing written`
    : `${made === 'make' ? 'made' : 'filled'} '${directory}/' from ${template} at revision ${answer.change?.revision}: ${countChanges(answer.entries)}`;
  process.stdout.write(`${head}\n${formatDiff(answer.entries)}`);
}

/** A --values file: YAML or JSON (by its extension; YAML otherwise), as a map of values. */
async function readValuesFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read the values file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const format = formatFromFileName(file) === 'json' ? 'json' : 'yaml';
  const document = parseDocument(text, format, file);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new UsageError(
      `the values file ${file} must hold a map of values (nested like the config file, or flat by path)`,
    );
  }
  return document as Record<string, unknown>;
}

async function upgrade(dirText: string, version: string, flags: UpgradeFlags): Promise<void> {
  const directory = directoryName(dirText);
  const client = await openClient(flags);
  const answer = await client.post<UpgradeAnswer>(
    `/directories/${encodeURIComponent(directory)}/template/upgrade`,
    { version, dryRun: flags.dryRun, ...(flags.message !== undefined ? { message: flags.message } : {}) },
  );
  if (flags.json) return printJson(answer);
  const from = `${answer.from.chart} ${answer.from.version}`;
  const lines = [
    flags.dryRun
      ? `dry run: upgrading '${directory}/' from ${from} to ${answer.to.version} (${answer.to.flavor}) would make ${countChanges(answer.entries)}; nothing written`
      : `upgraded '${directory}/' from ${from} to ${answer.to.version} (${answer.to.flavor}) at revision ${answer.change?.revision}: ${countChanges(answer.entries)}`,
  ];
  if (answer.defaults.length > 0) {
    lines.push('defaults:');
    for (const d of answer.defaults) {
      const value = (v: TemplateValue | undefined) => (d.sensitive ? '(sensitive)' : JSON.stringify(v));
      const text =
        d.change === 'added'
          ? `+ ${dottedPath(d.path)}  ${value(d.after)}`
          : d.change === 'removed'
            ? `- ${dottedPath(d.path)}  (was ${value(d.before)})`
            : `~ ${dottedPath(d.path)}  ${value(d.before)} -> ${value(d.after)}`;
      lines.push(`  ${text}`);
    }
  }
  if (answer.kept.length > 0) {
    lines.push('kept:');
    for (const k of answer.kept) lines.push(`  ${dottedPath(k.path)}  ${k.reason}`);
  }
  if (answer.entries.length > 0)
    lines.push('keys:', formatDiff(answer.entries).trimEnd().replace(/^/gm, '  '));
  if (answer.problems !== undefined && answer.problems.length > 0) {
    lines.push('problems (applying is refused until they are corrected):');
    for (const p of answer.problems) lines.push(`  ${dottedPath(p.path)}: ${p.reason}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A readme's first heading or line, for a table cell. */
function readmeTitle(readme: string): string {
  const first = readme.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.replace(/^#+\s*/, '').trim();
}
