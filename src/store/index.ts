// The embedded etcd-compatible store: what the rest of Setpoint uses of it.
export { StoreError, type StoreErrorCode, storeErrorTable } from './errors.js';
export { DataFolderError } from './mvcc/disk.js';
export { defaultStoreOptions, type StoreOptions } from './options.js';
export { type EmbeddedStore, type StartStoreExtras, StoreConfigError, startEmbeddedStore } from './server.js';
