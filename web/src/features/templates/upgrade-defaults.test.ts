// An upgrade's changed defaults as diff rows.
import { expect, test } from 'vitest';
import { defaultChanges } from './upgrade-defaults';

test('added, removed and changed defaults; a sensitive one shown as sealed, never its value', () => {
  expect(
    defaultChanges([
      { path: 'storage/delete/enabled', change: 'changed', before: false, after: true, sensitive: false },
      { path: 'http/headers/X-Content-Type-Options', change: 'added', after: ['nosniff'], sensitive: false },
      { path: 'log/fields/service', change: 'removed', before: 'registry', sensitive: false },
      { path: 'http/secret', change: 'changed', sensitive: true },
    ]),
  ).toEqual([
    {
      path: 'storage.delete.enabled',
      change: 'changed',
      before: { sealed: false, value: 'false' },
      after: { sealed: false, value: 'true' },
    },
    {
      path: 'http.headers.X-Content-Type-Options',
      change: 'added',
      after: { sealed: false, value: 'nosniff' },
    },
    { path: 'log.fields.service', change: 'removed', before: { sealed: false, value: 'registry' } },
    { path: 'http.secret', change: 'changed', before: { sealed: true }, after: { sealed: true } },
  ]);
});
