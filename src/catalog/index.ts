// Chart templates (CATALOG-FORMAT.md): read a template repository, check it, check values against it,
// make a directory's keys from a flavor and plan an upgrade. Pure functions; storage lives elsewhere.
// The format as Setpoint reads it, and every rule: docs/catalog.md.
export { latestVersion, selectFlavor, selectVersion } from './chart-lookup.js';
export {
  CatalogError,
  type CatalogErrorCode,
  CatalogInvalidError,
  CatalogSourceError,
  ChartNotFoundError,
  ChartVersionNotFoundError,
  catalogErrorCodes,
  FlavorNotFoundError,
  formatIssue,
  ValuesInvalidError,
} from './errors.js';
export {
  checkValues,
  type DefaultChange,
  type KeptValue,
  keyTypes,
  mergeValues,
  parseSetFlag,
  planUpgrade,
  type TemplateKey,
  type UpgradePlan,
  userValuesFrom,
  valuesToKeys,
} from './instantiate.js';
export type {
  CatalogIssue,
  Chart,
  ChartMetadata,
  ChartVersion,
  DirectoryTemplate,
  Flavor,
  ScalarValueType,
  TemplateScalar,
  TemplateValue,
  ValueProblem,
  ValueSpec,
  ValueType,
} from './model.js';
export { compareVersions, parseRepository } from './parse-repository.js';
export { dottedPath, parseValuePath } from './paths.js';
export { checkPattern, MAX_PATTERN_LENGTH, matchesWhole } from './patterns.js';
export {
  isRepositoryFile,
  MAX_REPOSITORY_BYTES,
  MAX_REPOSITORY_FILES,
  readRepositoryFiles,
} from './read-source.js';
export {
  checkDirectory,
  checkTemplateValue,
  checkValue,
  itemSpec,
  specForKey,
  valueText,
} from './validate-values.js';
