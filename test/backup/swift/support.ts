// What the Swift client tests share: a logger whose lines they can scan for secrets, test bytes,
// and an HTTP relay in front of the real Swift proxy that can damage one body on the way.
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { pino } from 'pino';
import type { Logger } from '../../../src/log/logger.js';
import { freePort } from '../../support/ports.js';

/** A debug-level logger that keeps its JSON lines. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

/** `size` bytes of a pattern that differs per seed (not all zeros: a shifted segment would show). */
export function testBytes(size: number, seed = 1): Buffer {
  const data = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  return data;
}

/** `data` as a stream of `chunkSize` pieces, as a file read would give it. */
export async function* chunked(data: Buffer, chunkSize: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += chunkSize) yield new Uint8Array(data.subarray(at, at + chunkSize));
}

export async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

export interface DamagingRelay {
  /** The TempAuth URL through the relay: the storage URL Swift hands out then points at the relay too. */
  readonly authUrl: string;
  /** Flips the first byte of the next PUT body whose path contains `pathPart`. */
  damageNextUpload(pathPart: string): void;
  /** Flips the first byte of the next GET response body whose path contains `pathPart`. */
  damageNextDownload(pathPart: string): void;
  stop(): Promise<void>;
}

/**
 * An HTTP relay to the real Swift proxy that damages one body when told: the bytes on the wire
 * differ from the bytes whose MD5 the client computed, as a faulty network or disk would.
 */
export async function startDamagingRelay(proxyUrl: string): Promise<DamagingRelay> {
  const target = new URL(proxyUrl);
  const port = await freePort();
  let upload: string | undefined;
  let download: string | undefined;
  const server: Server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const body = Buffer.concat(parts);
    const path = req.url ?? '/';
    if (req.method === 'PUT' && upload !== undefined && path.includes(upload) && body.length > 0) {
      upload = undefined;
      body[0] = (body[0] ?? 0) ^ 0xff;
    }
    const headers: IncomingHttpHeaders = { ...req.headers };
    delete headers['transfer-encoding'];
    if (req.method !== 'GET' && req.method !== 'HEAD') headers['content-length'] = String(body.length);
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path, headers },
      async (answer) => {
        const answerParts: Buffer[] = [];
        for await (const chunk of answer) answerParts.push(chunk as Buffer);
        const answerBody = Buffer.concat(answerParts);
        if (
          req.method === 'GET' &&
          download !== undefined &&
          path.includes(download) &&
          answer.statusCode === 200 &&
          answerBody.length > 0
        ) {
          download = undefined;
          answerBody[0] = (answerBody[0] ?? 0) ^ 0xff;
        }
        const answerHeaders = { ...answer.headers };
        delete answerHeaders['transfer-encoding'];
        delete answerHeaders.connection;
        if (req.method !== 'HEAD') answerHeaders['content-length'] = String(answerBody.length);
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        res.end(answerBody);
      },
    );
    forwarded.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    authUrl: `http://127.0.0.1:${port}/auth/v1.0`,
    damageNextUpload: (pathPart) => {
      upload = pathPart;
    },
    damageNextDownload: (pathPart) => {
      download = pathPart;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
