// Key tree <-> document (YAML, JSON, TOML, env, properties) and file templates: what the agent renders
// a directory into, and what import/export read and write. The rules: docs/render.md.
export {
  type DocumentMap,
  type DocumentValue,
  formatPath,
  isDocumentMap,
  type PathStep,
  type ScalarType,
} from './document.js';
export { documentToKeys } from './document-to-keys.js';
export { environmentName, shellWord } from './env-format.js';
export {
  RenderError,
  type RenderErrorCode,
  RenderKeyConflictError,
  RenderListGapError,
  RenderNameCollisionError,
  RenderNotRepresentableError,
  RenderParseError,
  RenderPathError,
  RenderTemplateError,
  RenderValueQuotingError,
  RenderValueTypeError,
  renderErrorCodes,
} from './errors.js';
export {
  type DocumentFormat,
  documentFormats,
  formatDocument,
  formatFromFileName,
  isDocumentFormat,
  parseDocument,
} from './formats.js';
export { type DirectoryEntry, keysToDocument, type ToDocumentOptions } from './keys-to-document.js';
export { readStoredValue, readTypedValue, storedForm } from './scalar.js';
export { compileTemplate } from './template.js';
