// The reserved prefix alone, free of Node APIs: the web UI bundles it (through the roles rule).

/**
 * The prefix reserved for Setpoint's records; user keys never start with it.
 *
 * @example
 * key.startsWith(RESERVED_PREFIX); // a Setpoint record
 */
export const RESERVED_PREFIX = '_setpoint/';
