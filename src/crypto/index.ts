// Sensitive values: key files, and sealing values to recipients' public keys so only their private keys open them.
export * from './keys/index.js';
export * from './seal/index.js';
