// A template repository's files (CATALOG-FORMAT.md) read into a chart, or every issue found, each
// naming the file, the entry and the reason. Lenient with fields it does not know (ignored), strict
// with the ones it knows (their types and rules are checked).
import { z } from 'zod';
import { RenderParseError } from '../render/errors.js';
import { parseDocument } from '../render/index.js';
import { isListIndex } from '../render/key-segment.js';
import type {
  CatalogIssue,
  Chart,
  ChartMetadata,
  ChartVersion,
  Flavor,
  ScalarValueType,
  TemplateValue,
  ValueSpec,
  ValueType,
} from './model.js';
import { dottedPath, parseValuePath } from './paths.js';
import { checkPattern } from './patterns.js';
import { checkTemplateValue, typedValueShape } from './validate-values.js';
import { flattenValueDocument, setValue } from './value-documents.js';

/** Names a chart, a version folder and a flavor may have (they name keys and CLI arguments). */
const chartNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const versionNamePattern = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const flavorNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const flavorFiles = ['config.json', 'values.json', 'readme.md'] as const;
type FlavorFile = (typeof flavorFiles)[number];

const scalarShape = z.union([z.string(), z.boolean(), z.number()]);
const valueTypes = ['string', 'boolean', 'integer', 'number', 'array'] as const;
const itemTypes = ['string', 'boolean', 'integer', 'number'] as const;

const metadataShape = z.object({
  repository_name: z.string(),
  chart_name: z.string(),
  repository: z.string().optional(),
  logo_image: z.string().optional(),
  description: z.string().optional(),
});

const configShape = z.object({ default_value_array: z.array(z.unknown()) });

const entryShape = z.object({
  path: z.string(),
  value: z.union([scalarShape, z.array(scalarShape)]),
  description: z.string().optional(),
  cluster_resources: z.string().optional(),
  regex: z.array(z.string()).optional(),
  type: z.enum(valueTypes).optional(),
  items: z.enum(itemTypes).optional(),
  required: z.boolean().optional(),
  enum: z.array(scalarShape).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(0).optional(),
  sensitive: z.boolean().optional(),
  label: z.string().optional(),
  group: z.string().optional(),
});

type Entry = z.infer<typeof entryShape>;

/** What each known field must be, in words, for messages. */
const fieldExpectations: Record<string, string> = {
  repository_name: 'text',
  chart_name: 'text',
  repository: 'text (a URL)',
  logo_image: 'text (a URL)',
  description: 'text',
  default_value_array: 'a list of entries',
  path: 'text (a dotted YAML path or a JSON pointer)',
  value: 'a string, a boolean, an integer or a list of them',
  cluster_resources: 'text',
  regex: 'a list of patterns (strings)',
  type: `one of ${valueTypes.join(', ')}`,
  items: `one of ${itemTypes.join(', ')}`,
  required: 'true or false',
  enum: 'a list of one or more allowed values (strings, booleans or numbers)',
  min: 'a number',
  max: 'a number',
  minLength: 'a whole number, 0 or more',
  maxLength: 'a whole number, 0 or more',
  sensitive: 'true or false',
  label: 'text',
  group: 'text',
};

/**
 * Reads a template repository (relative path -> text, as `readRepositoryFiles` gives it) into a chart,
 * or returns every issue at once: missing files (metadata.json, each flavor's three files, at least
 * one version and flavor), JSON that does not parse (with line and column), missing or wrong-typed
 * fields, paths in neither syntax, two entries for one path, patterns `checkPattern` refuses, optional
 * fields that contradict each other, defaults and flavor values that break their own spec, and flavor
 * values for a path no entry has. Unknown fields are ignored; files the format does not name too.
 *
 * @example
 * const parsed = parseRepository(await readRepositoryFiles('catalog/registry'));
 * if ('issues' in parsed) throw new CatalogInvalidError(parsed.issues);
 * parsed.chart.versions.map((version) => version.version); // ['2.8.1', '2.8.2']
 */
export function parseRepository(
  files: ReadonlyMap<string, string>,
): { chart: Chart } | { issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const metadata = readMetadata(files, issues);
  const layout = versionLayout(files, issues);
  const versions: ChartVersion[] = [];
  for (const [version, flavorNames] of layout) {
    const flavors: Flavor[] = [];
    for (const name of flavorNames) {
      const flavor = readFlavor(files, version, name, issues);
      if (flavor !== undefined) flavors.push(flavor);
    }
    versions.push({ version, flavors });
  }
  if (issues.length > 0 || metadata === undefined) return { issues };
  return { chart: { metadata, versions } };
}

// ---------------------------------------------------------------------------------------------------
// Files and JSON

function readJson(files: ReadonlyMap<string, string>, file: string, issues: CatalogIssue[]): unknown {
  const text = files.get(file);
  if (text === undefined) return undefined;
  try {
    return parseDocument(text, 'json', file);
  } catch (error) {
    if (!(error instanceof RenderParseError)) throw error;
    const where =
      error.line === undefined
        ? ''
        : `, line ${error.line}${error.column === undefined ? '' : ` column ${error.column}`}`;
    issues.push({ file, reason: `is not valid JSON${where}: ${error.reason}` });
    return undefined;
  }
}

/** The value at `path` inside `value`, for describing what a field holds. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

/** Zod's issues as reasons in our words: one per field, naming what it must be and what it is. */
function shapeReasons(error: z.ZodError, input: unknown): string[] {
  const reasons = new Map<string, string>();
  for (const issue of error.issues) {
    const [field, ...rest] = issue.path;
    const name = String(field);
    if (reasons.has(name)) continue;
    const actual = valueAt(input, issue.path);
    if (actual === undefined && rest.length === 0) {
      reasons.set(name, `'${name}' is missing; it must be ${fieldExpectations[name] ?? 'given'}`);
      continue;
    }
    if (name === 'value' && Array.isArray(actual) && rest.length === 0) {
      const inner = actual.findIndex((entry) => entry === null || typeof entry === 'object');
      if (inner >= 0) {
        reasons.set(
          name,
          `'value' item ${inner} must be a string, a boolean or a number; it is ${typedValueShape(actual[inner])} ` +
            '(a value is a single value or a list of them)',
        );
        continue;
      }
    }
    const item = rest.length > 0 ? ` item ${String(rest[0])}` : '';
    let expected = fieldExpectations[name] ?? 'of another type';
    if (issue.code === 'too_small' && rest.length === 0 && Array.isArray(actual))
      expected = `${expected}; it is empty`;
    else expected = `${expected}; it is ${typedValueShape(actual)}`;
    if (name === 'type' || name === 'items')
      expected += typeof actual === 'string' ? ` (${JSON.stringify(actual)})` : '';
    if ((name === 'minLength' || name === 'maxLength') && typeof actual === 'number') {
      expected = `${fieldExpectations[name]}; it is ${actual}`;
    }
    reasons.set(name, `'${name}'${item} must be ${expected}`);
  }
  return [...reasons.values()];
}

// ---------------------------------------------------------------------------------------------------
// metadata.json

function readMetadata(files: ReadonlyMap<string, string>, issues: CatalogIssue[]): ChartMetadata | undefined {
  const file = 'metadata.json';
  if (!files.has(file)) {
    issues.push({ file, reason: 'is missing; a template repository has metadata.json at its root' });
    return undefined;
  }
  const json = readJson(files, file, issues);
  if (json === undefined) return undefined;
  const parsed = metadataShape.safeParse(json);
  if (!parsed.success) {
    for (const reason of shapeReasons(parsed.error, json)) issues.push({ file, reason });
    return undefined;
  }
  const data = parsed.data;
  let valid = true;
  if (!chartNamePattern.test(data.chart_name)) {
    valid = false;
    issues.push({
      file,
      reason:
        `'chart_name' ${JSON.stringify(data.chart_name)} is not a chart name: 1 to 64 letters, digits, '.', '_' ` +
        "or '-', starting with a letter or a digit",
    });
  }
  for (const field of ['repository', 'logo_image'] as const) {
    const url = data[field];
    if (url !== undefined && url !== '' && !isWebUrl(url)) {
      valid = false;
      issues.push({ file, reason: `'${field}' is not an http:// or https:// URL` });
    }
  }
  if (!valid) return undefined;
  return {
    repositoryName: data.repository_name,
    repository: data.repository ?? '',
    chartName: data.chart_name,
    logoImage: data.logo_image ?? '',
    description: data.description ?? '',
  };
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// versions/<version>/<flavor>-*

/** Versions (in order) and their flavors (sorted), from the files; issues for what is missing. */
function versionLayout(files: ReadonlyMap<string, string>, issues: CatalogIssue[]): Map<string, string[]> {
  const found = new Map<string, Map<string, Set<FlavorFile>>>();
  for (const path of files.keys()) {
    const match = /^versions\/([^/]+)\/([^/]+)$/.exec(path);
    if (match === null) continue;
    const [, version, fileName] = match as unknown as [string, string, string];
    const flavors = found.get(version) ?? new Map<string, Set<FlavorFile>>();
    found.set(version, flavors);
    const flavorMatch = /^(.+)-(config\.json|values\.json|readme\.md)$/.exec(fileName);
    if (flavorMatch === null) continue; // a file the format does not name: ignored
    const [, flavor, kind] = flavorMatch as unknown as [string, string, FlavorFile];
    const kinds = flavors.get(flavor) ?? new Set<FlavorFile>();
    flavors.set(flavor, kinds);
    kinds.add(kind);
  }
  const layout = new Map<string, string[]>();
  const versions = [...found.keys()].sort(compareVersions);
  if (versions.length === 0) {
    issues.push({
      file: 'versions/',
      reason:
        'holds no version; a template repository has versions/<version>/ with <flavor>-config.json, ' +
        '<flavor>-values.json and <flavor>-readme.md for each flavor',
    });
  }
  for (const version of versions) {
    const folder = `versions/${version}/`;
    if (!versionNamePattern.test(version)) {
      issues.push({
        file: folder,
        reason:
          "is not a version name: 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or a digit",
      });
      continue;
    }
    const flavors = found.get(version)!;
    if (flavors.size === 0) {
      issues.push({
        file: folder,
        reason: 'holds no flavor; add <flavor>-config.json, <flavor>-values.json and <flavor>-readme.md',
      });
      continue;
    }
    const names: string[] = [];
    for (const flavor of [...flavors.keys()].sort()) {
      if (!flavorNamePattern.test(flavor)) {
        issues.push({
          file: `${folder}${flavor}-${[...flavors.get(flavor)!][0]}`,
          reason:
            `'${flavor}' is not a flavor name: 1 to 64 letters, digits, '.', '_' or '-', starting with a ` +
            'letter or a digit',
        });
        continue;
      }
      const kinds = flavors.get(flavor)!;
      let complete = true;
      for (const kind of flavorFiles) {
        if (kinds.has(kind)) continue;
        complete = false;
        issues.push({
          file: `${folder}${flavor}-${kind}`,
          reason: `is missing; the flavor '${flavor}' has ${flavorFiles.map((file) => `${flavor}-${file}`).join(', ')}`,
        });
      }
      if (complete) names.push(flavor);
    }
    layout.set(version, names);
  }
  return layout;
}

/**
 * Orders version names as people read them: numbers by value (`2.10.0` after `2.9.1`), then text.
 *
 * @example
 * ['2.10.0', '2.8.2'].sort(compareVersions); // ['2.8.2', '2.10.0']
 */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

function readFlavor(
  files: ReadonlyMap<string, string>,
  version: string,
  name: string,
  issues: CatalogIssue[],
): Flavor | undefined {
  const base = `versions/${version}/${name}`;
  const before = issues.length;
  const specs = readSpecs(files, `${base}-config.json`, issues);
  const specsValid = issues.length === before && specs !== undefined;
  const values = readFlavorValues(files, `${base}-values.json`, specsValid ? specs : undefined, issues);
  const readme = files.get(`${base}-readme.md`) ?? '';
  if (issues.length > before || specs === undefined || values === undefined) return undefined;
  return { name, specs, values, readme };
}

// ---------------------------------------------------------------------------------------------------
// <flavor>-config.json

function readSpecs(
  files: ReadonlyMap<string, string>,
  file: string,
  issues: CatalogIssue[],
): ValueSpec[] | undefined {
  const json = readJson(files, file, issues);
  if (json === undefined) return undefined;
  const parsed = configShape.safeParse(json);
  if (!parsed.success) {
    for (const reason of shapeReasons(parsed.error, json)) issues.push({ file, reason });
    return undefined;
  }
  const specs: ValueSpec[] = [];
  const found: CatalogIssue[] = [];
  const indexOf = new Map<ValueSpec, number>();
  const byPath = new Map<string, { index: number; written: string }>();
  parsed.data.default_value_array.forEach((raw, index) => {
    const writtenPath =
      raw !== null && typeof raw === 'object' && typeof (raw as { path?: unknown }).path === 'string'
        ? (raw as { path: string }).path
        : undefined;
    const report = (reason: string): void => {
      issues.push({
        file,
        entry: { index, ...(writtenPath === undefined ? {} : { path: writtenPath }) },
        reason,
      });
    };
    const entry = entryShape.safeParse(raw);
    if (!entry.success) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        report(`is ${typedValueShape(raw)}; an entry is a map with at least 'path' and 'value'`);
      } else {
        for (const reason of shapeReasons(entry.error, raw)) report(reason);
      }
      return;
    }
    const spec = readSpec(entry.data, report);
    if (spec === undefined) return;
    const earlier = byPath.get(spec.path);
    if (earlier !== undefined) {
      report(
        `names the same value (${dottedPath(spec.path)}) as default_value_array[${earlier.index}] ` +
          `(${earlier.written}); give each value one entry`,
      );
      return;
    }
    byPath.set(spec.path, { index, written: spec.writtenPath });
    indexOf.set(spec, index);
    specs.push(spec);
  });
  checkSpecTree(specs, (spec, reason) => {
    found.push({ file, entry: { index: indexOf.get(spec)!, path: spec.writtenPath }, reason });
  });
  issues.push(...byEntry(found));
  return specs;
}

function inferredType(value: TemplateValue): ValueType {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return Number.isInteger(value) ? 'integer' : 'number';
}

/** One entry as a spec, or undefined after reporting what is wrong with it. */
function readSpec(entry: Entry, report: (reason: string) => void): ValueSpec | undefined {
  let valid = true;
  const fail = (reason: string): void => {
    valid = false;
    report(reason);
  };
  const parsedPath = parseValuePath(entry.path);
  if ('reason' in parsedPath) {
    fail(`'path' is neither a dotted YAML path nor a JSON pointer: ${parsedPath.reason}`);
  }
  const type = entry.type ?? inferredType(entry.value);
  let itemType: ScalarValueType | undefined;
  if (type === 'array') {
    const defaultItems = Array.isArray(entry.value) ? entry.value : [];
    const found = new Set(defaultItems.map((item) => inferredType(item) as ScalarValueType));
    if (found.has('number') && found.has('integer')) found.delete('integer');
    if (entry.items === undefined && found.size > 1) {
      fail(
        `the items of 'value' are of different types (${[...found].join(', ')}); give them one type, or say which with 'items'`,
      );
    }
    itemType = entry.items ?? [...found][0] ?? 'string';
  } else if (entry.items !== undefined) {
    fail(`'items' gives the type of a list's items, but the value is not a list (its type is ${type})`);
  }
  const ruleType: ValueType = itemType ?? type;
  if (entry.enum !== undefined) {
    entry.enum.forEach((allowed, index) => {
      const allowedType = inferredType(allowed);
      const fits = allowedType === ruleType || (ruleType === 'number' && allowedType === 'integer');
      if (!fits) {
        fail(
          `'enum' item ${index} is ${typedValueShape(allowed)}, but the value${itemType === undefined ? '' : "'s items"} ` +
            `${itemType === undefined ? 'is' : 'are'} of type ${ruleType}`,
        );
      }
    });
  }
  const numeric = ruleType === 'integer' || ruleType === 'number';
  if ((entry.min !== undefined || entry.max !== undefined) && !numeric) {
    fail(
      `'min' and 'max' apply to integer and number values, and this one is of type ${ruleType}; use 'minLength'/'maxLength' for text`,
    );
  } else if (entry.min !== undefined && entry.max !== undefined && entry.min > entry.max) {
    fail(`'min' (${entry.min}) is greater than 'max' (${entry.max}); no value could be valid`);
  }
  if ((entry.minLength !== undefined || entry.maxLength !== undefined) && ruleType !== 'string') {
    fail(
      `'minLength' and 'maxLength' apply to text, and this value is of type ${ruleType}; use 'min'/'max' for numbers`,
    );
  } else if (
    entry.minLength !== undefined &&
    entry.maxLength !== undefined &&
    entry.minLength > entry.maxLength
  ) {
    fail(
      `'minLength' (${entry.minLength}) is greater than 'maxLength' (${entry.maxLength}); no value could be valid`,
    );
  }
  const regex = entry.regex ?? [];
  regex.forEach((pattern, index) => {
    const reason = checkPattern(pattern);
    if (reason !== undefined) fail(`'regex' item ${index} (${pattern}) is refused: ${reason}`);
  });
  if (!valid || 'reason' in parsedPath) return undefined;
  const spec: ValueSpec = {
    path: parsedPath.path,
    writtenPath: entry.path,
    default: Array.isArray(entry.value) ? [...entry.value] : entry.value,
    type,
    ...(itemType === undefined ? {} : { itemType }),
    description: entry.description ?? '',
    ...(entry.cluster_resources === undefined ? {} : { clusterResources: entry.cluster_resources }),
    regex,
    ...(entry.required === undefined ? {} : { required: entry.required }),
    ...(entry.enum === undefined ? {} : { enum: entry.enum }),
    ...(entry.min === undefined ? {} : { min: entry.min }),
    ...(entry.max === undefined ? {} : { max: entry.max }),
    ...(entry.minLength === undefined ? {} : { minLength: entry.minLength }),
    ...(entry.maxLength === undefined ? {} : { maxLength: entry.maxLength }),
    ...(entry.sensitive === undefined ? {} : { sensitive: entry.sensitive }),
    ...(entry.label === undefined ? {} : { label: entry.label }),
    ...(entry.group === undefined ? {} : { group: entry.group }),
  };
  const reason = checkTemplateValue(spec, spec.default, { typeSource: "its 'type'" });
  if (reason !== undefined) {
    report(`the default value ${reason}`);
    return undefined;
  }
  return spec;
}

/**
 * What the specs' paths make as a tree: a value cannot also be the parent of another (`a` and `a/b`,
 * an array and `a/0`), and entries named like list items (`a/0`, `a/1`) must not skip a number.
 */
function checkSpecTree(specs: readonly ValueSpec[], report: (spec: ValueSpec, reason: string) => void): void {
  const sorted = [...specs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  sorted.forEach((spec, index) => {
    for (const other of sorted.slice(index + 1)) {
      if (!other.path.startsWith(`${spec.path}/`)) {
        if (other.path > `${spec.path}/\u{10ffff}`) break;
        continue;
      }
      report(
        other,
        `is inside ${spec.writtenPath}, which is ${spec.type === 'array' ? 'a list' : 'a single value'}; a key is ` +
          'either a value or the parent of other keys: remove one of the two entries',
      );
    }
  });
  const children = new Map<string, Map<string, ValueSpec>>();
  for (const spec of specs) {
    const segments = spec.path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const parent = segments.slice(0, depth).join('/');
      const map = children.get(parent) ?? new Map<string, ValueSpec>();
      children.set(parent, map);
      if (!map.has(segments[depth]!)) map.set(segments[depth]!, spec);
    }
  }
  for (const [parent, names] of children) {
    if (![...names.keys()].every(isListIndex)) continue;
    for (let index = 0; index < names.size; index++) {
      if (names.has(String(index))) continue;
      const after = [...names.entries()]
        .filter(([name]) => Number(name) > index)
        .sort((a, b) => Number(a[0]) - Number(b[0]));
      report(
        after[0]![1],
        `the entries below ${dottedPath(parent)} are numbered like list items but skip ${dottedPath(`${parent}/${index}`)}; ` +
          'number them 0, 1, 2 ... without gaps, or give them names',
      );
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// <flavor>-values.json

function readFlavorValues(
  files: ReadonlyMap<string, string>,
  file: string,
  specs: readonly ValueSpec[] | undefined,
  issues: CatalogIssue[],
): Record<string, TemplateValue> | undefined {
  const json = readJson(files, file, issues);
  if (json === undefined) return undefined;
  const configName = file
    .replace(/-values\.json$/, '-config.json')
    .split('/')
    .pop()!;
  const found: CatalogIssue[] = [];
  const flat = flattenValueDocument(json, specs ?? []);
  for (const issue of flat.issues) {
    found.push({
      file,
      entry: { index: issue.index, ...(issue.path === undefined ? {} : { path: issue.path }) },
      reason: issue.reason,
    });
  }
  // Without valid specs the values cannot be checked; the config file's issues are reported already.
  const values =
    specs === undefined ? undefined : checkFlavorValues(file, configName, flat.values, specs, found);
  issues.push(...byEntry(found));
  return found.length > 0 ? undefined : values;
}

/** Issues in the order of their entries (file-level ones first), keeping the order of each entry's. */
function byEntry(issues: readonly CatalogIssue[]): CatalogIssue[] {
  return [...issues].sort((a, b) => (a.entry?.index ?? -1) - (b.entry?.index ?? -1));
}

/** The flavor's values over no defaults (by canonical path), each checked against its spec. */
function checkFlavorValues(
  file: string,
  configName: string,
  flat: readonly { path: string; value: TemplateValue; index: number }[],
  specs: readonly ValueSpec[],
  issues: CatalogIssue[],
): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  for (const { path, value, index } of flat) {
    const report = (reason: string): void => {
      issues.push({ file, entry: { index, path: dottedPath(path) }, reason });
    };
    const set = setValue(values, specs, path, value);
    if ('reason' in set) {
      report(set.reason);
      continue;
    }
    if (set.spec === undefined) {
      delete values[path];
      report(
        `no entry of ${configName} has this path; add an entry for it there (with its description and ` +
          'patterns), or remove the value',
      );
      continue;
    }
    const reason = checkTemplateValue(set.spec, values[set.path]!, {
      typeSource: `its entry in ${configName}`,
    });
    if (reason !== undefined) report(`the value ${reason}`);
  }
  return values;
}
