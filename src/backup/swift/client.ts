// The Swift client: containers, objects (plain and Static Large Objects), listings, with a cached
// token, retries and typed errors. Close to the Swift API reference; no Node client fits.
import { createHash, randomBytes } from 'node:crypto';
import { createLogger, type Logger } from '../../log/logger.js';
import { describeSwiftUser, type SwiftAuth } from './auth-settings.js';
import { authenticate, type SwiftSession } from './authenticate.js';
import { defaultSwiftRetryPolicy, type SwiftRetryPolicy } from './backoff.js';
import {
  SwiftAuthFailedError,
  SwiftChecksumMismatchError,
  SwiftContainerNotFoundError,
  SwiftError,
  SwiftObjectNotFoundError,
  SwiftQuotaExceededError,
  SwiftRequestFailedError,
  SwiftUnavailableError,
} from './errors.js';
import { SegmentReader } from './segments.js';
import {
  type SwiftHttpResponse,
  type SwiftRetryEvent,
  sendWithRetry,
  summarizeBody,
  type TransportSettings,
} from './transport.js';

/**
 * Everything a `SwiftClient` is built from; only `auth` is required.
 *
 * @example
 * new SwiftClient({ auth: swiftAuthFromEnvironment(process.env), segmentSize: 64 * 1024 * 1024 });
 */
export interface SwiftClientOptions {
  auth: SwiftAuth;
  /** Largest object sent in one PUT, and the size of each segment of larger ones; default 32 MiB. */
  segmentSize?: number;
  /** Segment uploads in flight at once (each holds one segment in memory); default 4. */
  concurrency?: number;
  /** Default 5 attempts, 250 ms base delay, 10 s maximum delay. */
  retry?: Partial<SwiftRetryPolicy>;
  /** How long one attempt may wait for Swift's answer, or for the next piece of a body; default 120 s. */
  requestTimeoutMs?: number;
  /** Objects per listing request (Swift's `limit`, at most 10000); default 1000. */
  listLimit?: number;
  /** Default: the `swift` component logger. */
  logger?: Logger;
  /** Called before each retry, after the logger's warning. */
  onRetry?: (event: SwiftRetryEvent) => void;
}

/**
 * An object as a container listing shows it.
 *
 * @example
 * for await (const o of client.listObjects('backups')) console.log(o.name, o.bytes);
 */
export interface SwiftObjectSummary {
  kind: 'object';
  name: string;
  bytes: number;
  /** The MD5 of the content; for a Static Large Object, the ETag a GET answers with (unquoted). */
  hash: string;
  lastModified: Date;
  contentType: string;
}

/**
 * A pseudo-folder of a listing with a `delimiter`: every name under `name` is folded into it.
 *
 * @example
 * for await (const e of client.listObjects('backups', { delimiter: '/' })) if (e.kind === 'subdir') console.log(e.name);
 */
export interface SwiftSubdir {
  kind: 'subdir';
  /** Ends with the delimiter: `daily/`. */
  name: string;
}

/**
 * What `headObject` and `getObject` tell about an object.
 *
 * @example
 * const { bytes, metadata } = await client.headObject('backups', 'full.snap');
 */
export interface SwiftObjectInfo {
  bytes: number;
  /** Unquoted. For a large object, Swift's ETag of the manifest (MD5 of its segments' MD5s). */
  etag: string;
  contentType: string;
  lastModified: Date | undefined;
  /** `X-Object-Meta-*` headers, names lower-cased without the prefix. */
  metadata: Record<string, string>;
  /** Every response header, names lower-cased. */
  headers: Record<string, string>;
  /** A Static (or Dynamic) Large Object: its content is the concatenation of segments. */
  isLargeObject: boolean;
}

/**
 * An object being downloaded: its information, and its content as a stream.
 *
 * @example
 * const object = await client.getObject('backups', 'full.snap');
 * await pipeline(Readable.from(object.body), createWriteStream('full.snap'));
 */
export interface SwiftObjectDownload extends SwiftObjectInfo {
  /**
   * The content, read from the network as it is iterated (not buffered). For a plain object the
   * MD5 of what arrives is checked against the ETag at the end: a damaged object throws
   * `SwiftChecksumMismatchError` instead of ending. Iterate once.
   */
  body: AsyncIterable<Buffer>;
}

/**
 * What `putObject` stored.
 *
 * @example
 * const { etag, bytes, segments } = await client.putObject('backups', 'full.snap', stream);
 */
export interface SwiftPutResult {
  /** Unquoted; the MD5 of the content for a plain object, Swift's SLO ETag for a large one. */
  etag: string;
  bytes: number;
  /** 1 for a plain object; the number of segments of a Static Large Object. */
  segments: number;
  isLargeObject: boolean;
}

/**
 * One segment of a Static Large Object's manifest.
 *
 * @example
 * const segments = await client.getManifest('backups', 'full.snap');
 * console.log(`segment ${segments![2]!.index} is ${segments![2]!.name}`);
 */
export interface SwiftManifestSegment {
  /** 1-based position in the object. */
  index: number;
  container: string;
  name: string;
  etag: string;
  bytes: number;
}

/**
 * Options of `putObject`.
 *
 * @example
 * await client.putObject('backups', 'full.snap', bytes, { contentType: 'application/zstd', metadata: { revision: '42' } });
 */
export interface SwiftPutOptions {
  /** Default `application/octet-stream`. */
  contentType?: string;
  /** Stored as `X-Object-Meta-<name>`; names of letters, digits and `-`, printable ASCII values. */
  metadata?: Record<string, string>;
}

/**
 * Options of `listObjects`.
 *
 * @example
 * client.listObjects('backups', { prefix: 'daily/' });
 */
export interface SwiftListOptions {
  prefix?: string;
  /** With a delimiter, names past it are folded into `subdir` entries. */
  delimiter?: string;
}

const MiB = 1024 * 1024;
const segmentsMark = '/slo/';

/**
 * A Swift account reached through TempAuth v1 or Keystone v3. The token is fetched on the first
 * request, cached, renewed before a Keystone or TempAuth expiry, and fetched again once when Swift
 * answers 401. Every request is retried with backoff on connection failures, timeouts, 408, 429
 * and 5xx.
 *
 * Large objects: a body larger than `segmentSize` is stored as a Static Large Object whose
 * segments live in the same container, under `<name>/slo/<uploadId>/<00000001>` (8-digit,
 * 1-based index; `uploadId` is the upload's start time in ms and 8 random hex digits, so two uploads
 * of one name never share segments). A listing therefore shows segments beside their objects;
 * `isLargeObjectSegment(name)` tells them apart. `deleteObject` removes an object with its segments.
 *
 * @example
 * const client = new SwiftClient({ auth: swiftAuthFromEnvironment(process.env) });
 * await client.ensureContainer('backups');
 * await client.putObject('backups', 'full.snap', createReadStream('full.snap'));
 * for await (const o of client.listObjects('backups', { prefix: 'full' })) console.log(o.name);
 */
export class SwiftClient {
  readonly #auth: SwiftAuth;
  readonly #transport: TransportSettings;
  readonly #segmentSize: number;
  readonly #concurrency: number;
  readonly #listLimit: number;
  #session: Promise<SwiftSession> | undefined;
  /** What `#session` resolved to, once it has. */
  #sessionReady: SwiftSession | undefined;

  constructor(options: SwiftClientOptions) {
    this.#auth = options.auth;
    this.#segmentSize = positiveInteger('segmentSize', options.segmentSize ?? 32 * MiB);
    this.#concurrency = positiveInteger('concurrency', options.concurrency ?? 4);
    this.#listLimit = positiveInteger('listLimit', options.listLimit ?? 1000);
    if (this.#listLimit > 10_000)
      throw new TypeError(`listLimit is at most 10000 (Swift's), not ${this.#listLimit}`);
    const retry = { ...defaultSwiftRetryPolicy, ...options.retry };
    positiveInteger('retry.attempts', retry.attempts);
    if (!(retry.baseDelayMs >= 0 && retry.maxDelayMs >= 0)) {
      throw new TypeError('retry.baseDelayMs and retry.maxDelayMs must be zero or more');
    }
    this.#transport = {
      retry,
      requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? 120_000),
      logger: options.logger ?? createLogger('swift'),
      onRetry: options.onRetry,
    };
  }

  /**
   * Creates the container unless it exists (PUT is idempotent in Swift). Resolves `true` when it
   * was created now.
   *
   * @example
   * await client.ensureContainer('backups');
   */
  async ensureContainer(container: string): Promise<boolean> {
    const response = await this.#request('PUT', container, undefined, {});
    await response.discard();
    if (response.status === 201) return true;
    if (response.status === 202 || response.status === 204) return false;
    throw await this.#failure(response, 'PUT', container, undefined);
  }

  /**
   * The objects of a container in name order, fetched page by page (`marker` paging,
   * `listLimit` per page) as the iteration goes.
   *
   * @example
   * for await (const o of client.listObjects('backups', { prefix: 'daily/' })) console.log(o.name, o.bytes);
   */
  listObjects(container: string, options?: { prefix?: string }): AsyncIterable<SwiftObjectSummary>;
  listObjects(container: string, options: SwiftListOptions): AsyncIterable<SwiftObjectSummary | SwiftSubdir>;
  async *listObjects(
    container: string,
    options: SwiftListOptions = {},
  ): AsyncIterable<SwiftObjectSummary | SwiftSubdir> {
    checkContainer(container);
    let marker: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ format: 'json', limit: String(this.#listLimit) });
      if (options.prefix !== undefined) query.set('prefix', options.prefix);
      if (options.delimiter !== undefined) query.set('delimiter', options.delimiter);
      if (marker !== undefined) query.set('marker', marker);
      const response = await this.#request('GET', container, undefined, { query });
      if (response.status === 204) return;
      if (response.status !== 200) throw await this.#failure(response, 'GET', container, undefined);
      const page = JSON.parse(await response.text()) as ListingEntry[];
      for (const entry of page) yield toListing(entry);
      const last = page.at(-1);
      if (last === undefined || page.length < this.#listLimit) return;
      marker = 'subdir' in last ? last.subdir : last.name;
    }
  }

  /**
   * Stores an object from a Buffer or a stream, in constant memory: at most `segmentSize` bytes
   * per segment in flight. A body that fits in one segment goes in one PUT whose `ETag` (MD5) Swift
   * verifies; a larger one becomes a Static Large Object (see the class comment for the segment
   * layout) whose segments go up `concurrency` at a time, each with its MD5, and whose manifest's
   * ETag is checked. On failure, segments already stored are deleted (best effort) and the error
   * says what failed.
   *
   * @example
   * const { etag, bytes } = await client.putObject('backups', 'full.snap', createReadStream('full.snap'));
   */
  async putObject(
    container: string,
    name: string,
    body: Buffer | Uint8Array | AsyncIterable<Uint8Array>,
    options: SwiftPutOptions = {},
  ): Promise<SwiftPutResult> {
    checkContainer(container);
    checkObjectName(name);
    const headers = objectHeaders(options);
    const reader = new SegmentReader(body instanceof Uint8Array ? [body] : body, this.#segmentSize);
    let first: Awaited<ReturnType<SegmentReader['next']>>;
    try {
      first = await reader.next();
    } catch (err) {
      throw withContext(err, `reading the body of '${name}' failed; nothing was stored`);
    }
    if (first.last) {
      const etag = await this.#putVerified(container, name, first.data, headers, 'the object');
      return { etag, bytes: first.data.length, segments: 1, isLargeObject: false };
    }
    return this.#putLargeObject(container, name, reader, first.data, headers);
  }

  /**
   * Starts a download: resolves with the object's information once Swift answers, the content
   * streaming through `body` as it is read.
   *
   * @example
   * const { body, bytes } = await client.getObject('backups', 'full.snap');
   * for await (const chunk of body) hash.update(chunk);
   */
  async getObject(container: string, name: string): Promise<SwiftObjectDownload> {
    checkContainer(container);
    checkObjectName(name);
    const response = await this.#request('GET', container, name, {});
    if (response.status !== 200) throw await this.#failure(response, 'GET', container, name);
    const info = objectInfo(response.headers);
    const verify = !info.isLargeObject && /^[0-9a-f]{32}$/.test(info.etag);
    return { ...info, body: verifiedBody(response, container, name, verify ? info.etag : undefined) };
  }

  /**
   * The object's size, ETag, type and metadata, without its content.
   *
   * @example
   * const { metadata } = await client.headObject('backups', 'full.snap');
   */
  async headObject(container: string, name: string): Promise<SwiftObjectInfo> {
    checkContainer(container);
    checkObjectName(name);
    const response = await this.#request('HEAD', container, name, {});
    await response.discard();
    if (response.status !== 200) throw await this.#failure(response, 'HEAD', container, name);
    return objectInfo(response.headers);
  }

  /**
   * Deletes an object; a Static Large Object with all its segments (`?multipart-manifest=delete`).
   *
   * @example
   * await client.deleteObject('backups', 'full.snap');
   */
  async deleteObject(container: string, name: string): Promise<void> {
    const info = await this.headObject(container, name);
    if (info.headers['x-static-large-object']?.toLowerCase() !== 'true') {
      const response = await this.#request('DELETE', container, name, {});
      await response.discard();
      if (response.status === 204 || response.status === 200) return;
      throw await this.#failure(response, 'DELETE', container, name);
    }
    const query = new URLSearchParams({ 'multipart-manifest': 'delete' });
    const response = await this.#request('DELETE', container, name, {
      query,
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200) throw await this.#failure(response, 'DELETE', container, name);
    // Swift's bulk deleter answers 200 at once and reports the outcome in the body.
    const text = await response.text();
    let outcome: { 'Response Status'?: string; Errors?: [string, string][] };
    try {
      outcome = JSON.parse(text) as typeof outcome;
    } catch {
      throw new SwiftRequestFailedError('DELETE', this.#where(container, name), 200, summarizeBody(text));
    }
    const status = Number.parseInt(outcome['Response Status'] ?? '', 10);
    if (status === 404) throw new SwiftObjectNotFoundError(container, name);
    if (!(status >= 200 && status < 300) || (outcome.Errors ?? []).length > 0) {
      const errors = (outcome.Errors ?? []).map(([path, why]) => `${path}: ${why}`).join('; ');
      throw new SwiftRequestFailedError(
        'DELETE',
        this.#where(container, name),
        Number.isNaN(status) ? 200 : status,
        `deleting the large object and its segments: ${outcome['Response Status'] ?? 'no status'}` +
          `${errors ? ` (${errors})` : ''}; delete what is left with 'swift delete ${container} ${name}'`,
      );
    }
  }

  /**
   * The segments of a Static Large Object in order (`?multipart-manifest=get`), or `null` when the
   * object is a plain one.
   *
   * @example
   * const segments = await client.getManifest('backups', 'full.snap');
   */
  async getManifest(container: string, name: string): Promise<SwiftManifestSegment[] | null> {
    checkContainer(container);
    checkObjectName(name);
    const query = new URLSearchParams({ 'multipart-manifest': 'get' });
    const response = await this.#request('GET', container, name, { query });
    if (response.status !== 200) throw await this.#failure(response, 'GET', container, name);
    if (response.headers.get('x-static-large-object')?.toLowerCase() !== 'true') {
      await response.discard();
      return null;
    }
    const entries = JSON.parse(await response.text()) as { name: string; hash: string; bytes: number }[];
    return entries.map((entry, i) => {
      const path = entry.name.replace(/^\//, '');
      const slash = path.indexOf('/');
      return {
        index: i + 1,
        container: path.slice(0, slash),
        name: path.slice(slash + 1),
        etag: entry.hash,
        bytes: entry.bytes,
      };
    });
  }

  async #putLargeObject(
    container: string,
    name: string,
    reader: SegmentReader,
    firstData: Buffer,
    headers: Record<string, string>,
  ): Promise<SwiftPutResult> {
    const uploadId = `${Date.now()}-${randomBytes(4).toString('hex')}`;
    const segmentName = (index: number) => `${name}/slo/${uploadId}/${String(index).padStart(8, '0')}`;
    const manifest: { path: string; etag: string; size_bytes: number }[] = [];
    const attempted: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let data: Buffer | undefined = firstData;
    let last = false;
    let bytes = 0;
    for (let index = 1; data !== undefined; index++) {
      const segment = data;
      const segmentPath = segmentName(index);
      attempted.push(segmentPath);
      bytes += segment.length;
      const upload: Promise<void> = this.#putVerified(
        container,
        segmentPath,
        segment,
        { 'content-type': 'application/octet-stream' },
        `segment ${index}`,
      )
        .then((etag) => {
          manifest[index - 1] = { path: `/${container}/${segmentPath}`, etag, size_bytes: segment.length };
        })
        .catch((err: unknown) => {
          failure ??= withContext(err, `segment ${index} of large object '${name}' failed`);
        })
        .finally(() => inFlight.delete(upload));
      inFlight.add(upload);
      data = undefined;
      if (last) break;
      // Read the next segment only when a slot is free: memory stays at `concurrency` segments.
      while (inFlight.size >= this.#concurrency && failure === undefined) await Promise.race(inFlight);
      if (failure !== undefined) break;
      try {
        const next = await reader.next();
        data = next.data;
        last = next.last;
      } catch (err) {
        failure ??= withContext(err, `reading the body of '${name}' failed after ${bytes} bytes`);
      }
    }
    await Promise.all(inFlight);
    if (failure === undefined) {
      try {
        const etag = await this.#putManifest(container, name, manifest, headers);
        return { etag, bytes, segments: manifest.length, isLargeObject: true };
      } catch (err) {
        failure = withContext(err, `the manifest of large object '${name}' failed`);
      }
    }
    await reader.close().catch(() => undefined);
    throw await this.#removeSegments(container, name, attempted, failure);
  }

  async #putManifest(
    container: string,
    name: string,
    manifest: { path: string; etag: string; size_bytes: number }[],
    headers: Record<string, string>,
  ): Promise<string> {
    const sloEtag = md5Hex(manifest.map((s) => s.etag).join(''));
    const query = new URLSearchParams({ 'multipart-manifest': 'put' });
    // Swift's SLO middleware checks this ETag against the segments' (422 if it differs).
    const response = await this.#request('PUT', container, name, {
      query,
      headers: { ...headers, etag: sloEtag },
      body: JSON.stringify(manifest),
    });
    const text = await response.text(2000);
    if (response.status !== 201) {
      if (response.status === 422) {
        throw new SwiftChecksumMismatchError(
          container,
          name,
          sloEtag,
          'another one (Swift answered 422)',
          'the manifest',
          'a segment changed while uploading; upload again',
        );
      }
      throw await this.#failure(response, 'PUT', container, name, text);
    }
    const etag = unquote(response.headers.get('etag') ?? '');
    if (etag !== sloEtag) {
      throw new SwiftChecksumMismatchError(
        container,
        name,
        sloEtag,
        etag || '(none)',
        'the manifest',
        'Swift stored other segments than were uploaded; upload again',
      );
    }
    return etag;
  }

  /** One PUT with the MD5 as ETag; returns the ETag after checking Swift's answer. */
  async #putVerified(
    container: string,
    name: string,
    data: Buffer,
    headers: Record<string, string>,
    what: string,
  ): Promise<string> {
    const md5 = md5Hex(data);
    const response = await this.#request('PUT', container, name, {
      headers: { ...headers, etag: md5 },
      body: data,
    });
    await response.discard();
    if (response.status === 422) {
      throw new SwiftChecksumMismatchError(
        container,
        name,
        md5,
        'another one (Swift answered 422)',
        `the upload (${what})`,
        'the bytes were damaged on the way; upload again',
      );
    }
    if (response.status !== 201) throw await this.#failure(response, 'PUT', container, name);
    const etag = unquote(response.headers.get('etag') ?? '');
    if (etag !== md5) {
      throw new SwiftChecksumMismatchError(
        container,
        name,
        md5,
        etag || '(none)',
        `the upload (${what})`,
        'Swift stored other bytes than were sent; upload again',
      );
    }
    return md5;
  }

  /** Best-effort delete of the segments of an upload that failed; returns `failure` with the outcome. */
  async #removeSegments(
    container: string,
    name: string,
    segments: string[],
    failure: unknown,
  ): Promise<unknown> {
    const left: string[] = [];
    await Promise.all(
      segments.map(async (segment) => {
        try {
          const response = await this.#request('DELETE', container, segment, {});
          await response.discard();
          if (response.status !== 204 && response.status !== 404 && response.status !== 200)
            left.push(segment);
        } catch {
          left.push(segment);
        }
      }),
    );
    const logger = this.#transport.logger;
    if (left.length === 0) {
      return withContext(
        failure,
        `nothing of '${name}' was kept (its ${segments.length} segments were deleted)`,
        'after',
      );
    }
    logger.warn({ container, object: name, segments: left }, 'segments of a failed upload are left in Swift');
    return withContext(
      failure,
      `${left.length} segments of the failed upload remain under '${name}/slo/' in container '${container}'; ` +
        `delete them with 'swift delete ${container} --prefix ${left[0]?.replace(/\/[^/]*$/, '/')}'`,
      'after',
    );
  }

  /**
   * One request with the current token; re-authenticates once on 401.
   */
  async #request(
    method: string,
    container: string,
    name: string | undefined,
    options: { query?: URLSearchParams; headers?: Record<string, string>; body?: Buffer | string },
  ): Promise<SwiftHttpResponse> {
    for (let renewed = false; ; renewed = true) {
      const session = await this.#currentSession();
      const query = options.query === undefined ? '' : `?${options.query.toString()}`;
      const response = await sendWithRetry(
        {
          method,
          url: `${session.storageUrl}/${objectPath(container, name)}${query}`,
          headers: { ...options.headers, 'x-auth-token': session.token },
          ...(options.body === undefined ? {} : { body: options.body }),
        },
        this.#transport,
      );
      if (response.status !== 401) return response;
      await response.discard();
      if (renewed) {
        throw new SwiftAuthFailedError(
          this.#auth.authUrl,
          describeSwiftUser(this.#auth),
          401,
          `Swift refused a token just issued for ${method} ${this.#where(container, name)}; ` +
            'the user may lack access to this account (check its roles or ACLs)',
        );
      }
      this.#transport.logger.info(
        { method, container, ...(name === undefined ? {} : { object: name }) },
        'Swift refused the token (HTTP 401): authenticating again',
      );
      // Only the first of many concurrent requests that met the dead token drops it.
      if (this.#sessionReady === session) {
        this.#session = undefined;
        this.#sessionReady = undefined;
      }
    }
  }

  #currentSession(): Promise<SwiftSession> {
    const cached = this.#session;
    if (cached !== undefined) {
      return cached.then((session) => {
        if (session.renewAt === undefined || Date.now() < session.renewAt) return session;
        if (this.#session === cached) {
          this.#session = undefined;
          this.#sessionReady = undefined;
        }
        return this.#currentSession();
      });
    }
    const fresh = authenticate(this.#auth, this.#transport);
    this.#session = fresh;
    fresh.then(
      (session) => {
        if (this.#session === fresh) this.#sessionReady = session;
      },
      () => {
        if (this.#session === fresh) this.#session = undefined;
      },
    );
    return fresh;
  }

  #where(container: string, name: string | undefined): string {
    return name === undefined ? container : `${container}/${name}`;
  }

  /** The error for an unexpected answer. */
  async #failure(
    response: SwiftHttpResponse,
    method: string,
    container: string,
    name: string | undefined,
    bodyText?: string,
  ): Promise<SwiftError> {
    const text = bodyText ?? (await response.text(2000).catch(() => ''));
    const status = response.status;
    if (status === 404) {
      const account = (await this.#session?.catch(() => undefined))?.storageUrl ?? this.#auth.authUrl;
      if (name === undefined || method === 'PUT') return new SwiftContainerNotFoundError(container, account);
      // A 404 for an object also comes from a missing container: say which.
      if (!(await this.#containerExists(container)))
        return new SwiftContainerNotFoundError(container, account);
      return new SwiftObjectNotFoundError(container, name);
    }
    if ((status === 413 || status === 507) && method === 'PUT' && name !== undefined) {
      return new SwiftQuotaExceededError(container, name, status);
    }
    const advice =
      status === 403
        ? `; ${describeSwiftUser(this.#auth)} may not do this (not an admin of the account, or no ACL grants it)`
        : '';
    return new SwiftRequestFailedError(
      method,
      this.#where(container, name),
      status,
      `${summarizeBody(text)}${advice}`,
    );
  }

  async #containerExists(container: string): Promise<boolean> {
    try {
      const response = await this.#request('HEAD', container, undefined, {});
      await response.discard();
      return response.status !== 404;
    } catch {
      return true;
    }
  }
}

/**
 * Whether a name from a listing is a segment of a Static Large Object this client stored
 * (`<name>/slo/<uploadId>/<8 digits>`), not an object of its own.
 *
 * @example
 * for await (const o of client.listObjects('backups')) if (!isLargeObjectSegment(o.name)) console.log(o.name);
 */
export function isLargeObjectSegment(name: string): boolean {
  return parseLargeObjectSegment(name) !== undefined;
}

/**
 * What a segment's name says (see `isLargeObjectSegment`): the object it was uploaded for, the
 * upload it belongs to, when that upload started (this client's clock) and its 1-based index.
 *
 * @example
 * parseLargeObjectSegment('full/x/data.jsonl.gz/slo/1764480000000-0a1b2c3d/00000002');
 * // { object: 'full/x/data.jsonl.gz', uploadId: '1764480000000-0a1b2c3d', startedAt: Date, index: 2 }
 */
export function parseLargeObjectSegment(
  name: string,
): { object: string; uploadId: string; startedAt: Date; index: number } | undefined {
  const at = name.lastIndexOf(segmentsMark);
  if (at <= 0) return undefined;
  const match = /^((\d+)-[0-9a-f]{8})\/(\d{8})$/.exec(name.slice(at + segmentsMark.length));
  if (match === null) return undefined;
  return {
    object: name.slice(0, at),
    uploadId: match[1]!,
    startedAt: new Date(Number(match[2])),
    index: Number(match[3]),
  };
}

type ListingEntry =
  | { subdir: string }
  | {
      name: string;
      bytes: number;
      hash: string;
      last_modified: string;
      content_type: string;
      slo_etag?: string;
    };

function toListing(entry: ListingEntry): SwiftObjectSummary | SwiftSubdir {
  if ('subdir' in entry) return { kind: 'subdir', name: entry.subdir };
  return {
    kind: 'object',
    name: entry.name,
    bytes: entry.bytes,
    hash: unquote(entry.slo_etag ?? entry.hash),
    // Swift's listing times are UTC without a zone.
    lastModified: new Date(
      /[zZ]|[+-]\d\d:?\d\d$/.test(entry.last_modified) ? entry.last_modified : `${entry.last_modified}Z`,
    ),
    contentType: entry.content_type,
  };
}

function objectInfo(headers: Headers): SwiftObjectInfo {
  const all: Record<string, string> = {};
  const metadata: Record<string, string> = {};
  headers.forEach((value, key) => {
    all[key] = value;
    if (key.startsWith('x-object-meta-')) metadata[key.slice('x-object-meta-'.length)] = value;
  });
  const lastModified = headers.get('last-modified');
  return {
    bytes: Number(headers.get('content-length') ?? 0),
    etag: unquote(headers.get('etag') ?? ''),
    contentType: headers.get('content-type') ?? 'application/octet-stream',
    lastModified: lastModified === null ? undefined : new Date(lastModified),
    metadata,
    headers: all,
    isLargeObject:
      headers.get('x-static-large-object')?.toLowerCase() === 'true' ||
      headers.get('x-object-manifest') !== null,
  };
}

async function* verifiedBody(
  response: SwiftHttpResponse,
  container: string,
  name: string,
  expectedMd5: string | undefined,
): AsyncGenerator<Buffer> {
  const hash = createHash('md5');
  try {
    for await (const chunk of response.chunks()) {
      hash.update(chunk);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof SwiftError) throw err;
    throw new SwiftUnavailableError(
      'GET',
      `${container}/${name}`,
      1,
      `the download broke off: ${describe(err)}`,
      {
        cause: err,
      },
    );
  }
  if (expectedMd5 === undefined) return;
  const actual = hash.digest('hex');
  if (actual !== expectedMd5) {
    throw new SwiftChecksumMismatchError(
      container,
      name,
      expectedMd5,
      actual,
      'the download',
      'the bytes were damaged on the way or at rest; download again, and if it persists the object is damaged',
    );
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

function objectHeaders(options: SwiftPutOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/octet-stream',
  };
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(key)) {
      throw new TypeError(`metadata name '${key}' must be letters, digits and '-' (it becomes a header)`);
    }
    if (!/^[\x20-\x7e]*$/.test(value)) {
      throw new TypeError(`metadata '${key}' must be printable ASCII (it becomes a header value)`);
    }
    headers[`x-object-meta-${key.toLowerCase()}`] = value;
  }
  return headers;
}

function objectPath(container: string, name: string | undefined): string {
  const encodedContainer = encodeURIComponent(container);
  if (name === undefined) return encodedContainer;
  return `${encodedContainer}/${name.split('/').map(encodeURIComponent).join('/')}`;
}

function checkContainer(container: string): void {
  if (container === '' || container.includes('/') || Buffer.byteLength(container) > 256) {
    throw new TypeError(`a Swift container name is 1 to 256 bytes without '/', not '${container}'`);
  }
}

function checkObjectName(name: string): void {
  if (name === '' || Buffer.byteLength(name) > 1024) {
    throw new TypeError(`a Swift object name is 1 to 1024 bytes, not '${name.slice(0, 80)}'`);
  }
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(`${option} must be a positive integer, not ${value}`);
  return value;
}

function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}

/** Adds where a failure happened to a Swift error's message, keeping its class and code. */
function withContext(err: unknown, context: string, at: 'before' | 'after' = 'before'): unknown {
  const join = (message: string) => (at === 'before' ? `${context}: ${message}` : `${message}; ${context}`);
  if (err instanceof SwiftError) {
    err.message = join(err.message);
    return err;
  }
  if (err instanceof Error) return new Error(join(err.message), { cause: err });
  return new Error(join(String(err)));
}
