// The store's error table and its documentation must not drift apart.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { storeErrorTable } from './errors.js';

test('docs/store.md lists every store error code with its message', () => {
  const doc = readFileSync(new URL('../../docs/store.md', import.meta.url), 'utf8');
  for (const { code, message } of storeErrorTable()) {
    expect(doc, `docs/store.md is missing ${code}`).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|`));
    if (message.startsWith('etcdserver:')) expect(doc).toContain(message);
  }
});
