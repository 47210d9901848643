// grpc-message encoding: printable ASCII passes, '%' and everything else is percent-encoded UTF-8.
import { expect, test } from 'vitest';
import { encodeGrpcMessage } from './grpc-message.js';

test.each([
  ['plain text passes unchanged', 'etcdserver: key not found', 'etcdserver: key not found'],
  ['spaces and punctuation pass', 'a b ~!#$&()*+,/:;=?@[]^_`{|}', 'a b ~!#$&()*+,/:;=?@[]^_`{|}'],
  ['percent is encoded', '100% sure', '100%25 sure'],
  ['control characters are encoded', 'line\nnext\ttab', 'line%0Anext%09tab'],
  ['non-ASCII is encoded as UTF-8 bytes', 'clé ✓', 'cl%C3%A9 %E2%9C%93'],
  ['empty stays empty', '', ''],
])('%s', (_, details, encoded) => {
  expect(encodeGrpcMessage(details)).toBe(encoded);
  // What clients do with it: decode the percent escapes back to the same text.
  expect(decodeURIComponent(encoded)).toBe(details);
});
