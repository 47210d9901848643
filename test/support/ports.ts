// Free loopback ports and temporary folders for the servers a test starts.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Ports come from a band below the kernel's ephemeral range (32768 and up on Debian), one band
// per test worker, handed out in turn. A port the kernel picks (`listen(0)`, an outgoing
// connection) or another worker picks can then never be one a test stopped a moment ago and is
// about to start again — a restarted Swift proxy found another worker's object server on its
// port before this.
const FIRST_PORT = 20_000;
const BAND_SIZE = 1_000;
const BANDS = 12;
const worker = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 0);
const bandStart = FIRST_PORT + (Number.isInteger(worker) ? worker % BANDS : 0) * BAND_SIZE;
let next = (process.pid * 7) % BAND_SIZE;

/** A TCP port on 127.0.0.1 that nothing listens on right now, from this worker's own band. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < BAND_SIZE; tries++) {
    const port = bandStart + next;
    next = (next + 1) % BAND_SIZE;
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${bandStart} and ${bandStart + BAND_SIZE - 1}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A new empty folder under the system temp folder; `remove()` deletes it. */
export async function tempFolder(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `setpoint-${prefix}-`));
  // Retries: a server stopped just before (podman's helpers, Swift) may still be closing files in
  // it, and a removal racing them fails with ENOTEMPTY.
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }) };
}
