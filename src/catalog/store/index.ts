// The catalogue in the keyspace (`_setpoint/catalog/`): stored, listed, read, and the built-in one.
export {
  BUILTIN_IMPORTER,
  type BuiltinImport,
  builtinCatalogFolder,
  importBuiltinCatalog,
} from './builtin.js';
export {
  type ImportedChart,
  importChart,
  importMissingVersions,
  listCharts,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_VERSIONS,
  readChart,
  readChartVersion,
  readFlavor,
  type StoredChart,
  type StoredChartVersion,
  type StoredVersionSummary,
  storageIssues,
} from './catalog-store.js';
export { readDirectoryFlavor, readTemplateFlavor, templateOfRecord } from './directory-template.js';
export {
  type ChartMetadataRecord,
  type ChartVersionRecord,
  parseChartMetadataRecord,
  parseChartVersionRecord,
} from './records.js';
