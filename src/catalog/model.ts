// The chart template catalogue as Setpoint holds it (CATALOG-FORMAT.md, plus optional fields):
// a chart with versions, each with flavors, each describing every configurable value.

/** A scalar a template value may be; arrays hold scalars. */
export type TemplateScalar = string | boolean | number;
export type TemplateValue = TemplateScalar | TemplateScalar[];

/** The type a value renders as: from `type` when given, else from the default's JSON type. */
export type ValueType = 'string' | 'boolean' | 'integer' | 'number' | 'array';

/** The type of a single value, and of each item of an array. */
export type ScalarValueType = Exclude<ValueType, 'array'>;

/**
 * One configurable value of a flavor (an entry of `default_value_array`).
 * `path` is canonical: key segments joined by '/' (`storage/swift/password`), whichever syntax the
 * file used (`storage.swift.password`, `/storage/swift/password`, `list[0]` -> `list/0`).
 */
export interface ValueSpec {
  readonly path: string;
  /** The path as written in the file, for messages. */
  readonly writtenPath: string;
  readonly default: TemplateValue;
  readonly type: ValueType;
  /**
   * For `type: 'array'`: the type of every item (from `items` when given, else from the default's
   * items, else 'string'). The rules (regex, enum, min/max, minLength/maxLength) apply to each item.
   */
  readonly itemType?: ScalarValueType;
  readonly description: string;
  readonly clusterResources?: string;
  /** Patterns the value's string form must match whole (anchored), evaluated with re2js. */
  readonly regex: readonly string[];
  // Optional extra fields (docs/catalog.md):
  readonly required?: boolean;
  readonly enum?: readonly TemplateScalar[];
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** The value is sealed to the directory's recipients. */
  readonly sensitive?: boolean;
  readonly label?: string;
  readonly group?: string;
}

/** One flavor of a version: its value specs, its values (path -> value, canonical paths), its readme. */
export interface Flavor {
  readonly name: string;
  readonly specs: readonly ValueSpec[];
  readonly values: Readonly<Record<string, TemplateValue>>;
  readonly readme: string;
}

export interface ChartVersion {
  readonly version: string;
  readonly flavors: readonly Flavor[];
}

/** metadata.json */
export interface ChartMetadata {
  readonly repositoryName: string;
  readonly repository: string;
  readonly chartName: string;
  readonly logoImage: string;
  readonly description: string;
}

/** A parsed, valid template repository. */
export interface Chart {
  readonly metadata: ChartMetadata;
  readonly versions: readonly ChartVersion[];
}

/**
 * One thing wrong with a repository being imported: the file, the entry (its index in
 * `default_value_array` and its path) when about one, and the reason.
 */
export interface CatalogIssue {
  readonly file: string;
  readonly entry?: { readonly index: number; readonly path?: string };
  readonly reason: string;
}

/**
 * One value that breaks its spec, as the API answers it (the UI shows the same): the key path,
 * what is wrong, the spec's description and patterns. Never the value when the spec is sensitive.
 */
export interface ValueProblem {
  readonly path: string;
  readonly reason: string;
  readonly description: string;
  readonly regex?: readonly string[];
}

/** Which template a directory was made from (kept in its metadata record as `template`). */
export interface DirectoryTemplate {
  readonly chart: string;
  readonly version: string;
  readonly flavor: string;
}
