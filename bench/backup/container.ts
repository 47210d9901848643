// The Swift side of the backup benchmark: one container, Setpoint's Swift client as the product
// builds it, and python-swiftclient's `swift upload` with the same segment size.
import { SwiftClient } from '../../src/backup/swift/index.js';
import type { Swift } from '../../test/support/swift.js';

/** The container every backup and upload of the benchmark goes to. */
export const CONTAINER = 'bench-backups';

/**
 * SwiftClient's default segment size (32 MiB), passed explicitly to both sides: a backup of ~80 MB
 * is then a Static Large Object of 3 segments on both.
 */
export const SEGMENT_BYTES = 32 * 1024 * 1024;

/** A new client, so each timed backup authenticates as a scheduled one would; default concurrency (4). */
export function newSwiftClient(swift: Swift): SwiftClient {
  return new SwiftClient({
    auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: swift.key },
    segmentSize: SEGMENT_BYTES,
  });
}

/**
 * `swift upload CONTAINER FILE --object-name NAME -S SEGMENT_BYTES --use-slo`: a Static Large Object
 * like the backup's, segments in `CONTAINER_segments`, 10 segment threads (swiftclient's default).
 */
export function swiftUploadArgs(file: string, name: string): string[] {
  return [
    'upload',
    CONTAINER,
    file,
    '--object-name',
    name,
    '--segment-size',
    String(SEGMENT_BYTES),
    '--use-slo',
  ];
}
