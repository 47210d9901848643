// The grpc-message trailer: status details percent-encoded as the gRPC HTTP/2 spec asks.

/** Printable ASCII except '%' passes unchanged; everything else is percent-encoded as UTF-8 bytes. */
const NEEDS_ENCODING = /[^\x20-\x24\x26-\x7e]/;

/**
 * Encodes status details for the `grpc-message` trailer.
 *
 * @example
 *   encodeGrpcMessage('100% sure\n'); // '100%25 sure%0A'
 */
export function encodeGrpcMessage(details: string): string {
  if (!NEEDS_ENCODING.test(details)) return details;
  let encoded = '';
  for (const byte of Buffer.from(details, 'utf8')) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
