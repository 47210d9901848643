// The grpc-timeout request header: how long the client waits for the call before giving up.

const TIMEOUT = /^(\d{1,8})([HMSmun])$/;
const unitMs: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 0.001, n: 0.000_001 };

/**
 * The timeout in milliseconds, or undefined when the header is not a valid grpc-timeout.
 *
 * @example
 *   parseGrpcTimeout('500m'); // 500
 */
export function parseGrpcTimeout(header: string): number | undefined {
  const match = TIMEOUT.exec(header);
  if (match === null) return undefined;
  return Math.ceil(Number(match[1]) * unitMs[match[2]!]!);
}
