// Operations on a directory's sealed values as a whole: rotation (rewrap).
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_ATTEMPTS,
  MAX_BATCH_SIZE,
  type RewrapOptions,
  type RewrapResult,
  rewrapDirectory,
} from './rewrap.js';
