// One raw Watch stream, recorded, and the views of it that compare between stores whatever the framing.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { IEvent, IWatchCreateRequest, IWatchRequest, IWatchResponse } from 'etcd3';
import { waitFor } from '../../support/wait.js';
import { describeError, type ErrorObservation, normalize, type Observation } from './observe.js';
import type { Target } from './pair.js';

/** A Watch stream that keeps every response it received, in order. */
export class WatchStream {
  readonly responses: IWatchResponse[] = [];
  /** Set once the server ended the stream: with an error, or cleanly (null). */
  ended: ErrorObservation | null | undefined;
  readonly #stream: ClientDuplexStream<IWatchRequest, IWatchResponse>;

  constructor(target: Target) {
    this.#stream = target.raw.stream('Watch.Watch');
    this.#stream.on('data', (response: IWatchResponse) => this.responses.push(response));
    this.#stream.on('error', (err) => {
      this.ended = describeError(err);
    });
    this.#stream.on('end', () => {
      this.ended ??= null;
    });
  }

  create(request: IWatchCreateRequest): void {
    this.#stream.write({ create_request: request });
  }

  cancel(watchId: number | string): void {
    this.#stream.write({ cancel_request: { watch_id: watchId } });
  }

  requestProgress(): void {
    this.#stream.write({ progress_request: {} });
  }

  /** Waits until the responses so far satisfy `check`. */
  async until(check: (responses: IWatchResponse[]) => boolean, what: string): Promise<void> {
    await waitFor(() => check(this.responses), { timeoutMs: 15_000, what }).catch((err: Error) => {
      const state = this.ended === undefined ? 'open' : `ended: ${JSON.stringify(this.ended)}`;
      throw new Error(
        `${err.message}; stream ${state}; received so far: ${JSON.stringify(normalize(this.responses))}`,
      );
    });
  }

  /** Waits for `count` created responses in all. */
  untilCreated(count: number): Promise<void> {
    return this.until(
      (responses) => responses.filter((r) => r.created).length >= count,
      `${count} watches created`,
    );
  }

  /** Waits until watch `watchId` received at least `count` events. */
  untilEvents(watchId: number | string, count: number): Promise<void> {
    return this.until(
      (responses) => eventsOf(responses, watchId).length >= count,
      `${count} events on watch ${watchId}`,
    );
  }

  /** Says the client will send nothing more (half-close); etcd then ends the stream. */
  halfClose(): void {
    this.#stream.end();
  }

  /** Ends the stream from the client side and releases it. */
  close(): void {
    this.#stream.end();
    this.#stream.cancel();
  }

  /** Drops the stream as a client that goes away mid-stream would. */
  abort(): void {
    this.#stream.cancel();
  }
}

export function eventsOf(responses: IWatchResponse[], watchId: number | string): IEvent[] {
  return responses.filter((r) => String(r.watch_id) === String(watchId)).flatMap((r) => r.events);
}

/**
 * What each watch of a stream saw, keyed by watch id: its control responses (created, canceled with
 * their reason and compact revision, and the store revision when created) and its events, flattened.
 * How events are grouped into responses depends on timing in etcd, so only their order is kept;
 * `splitRevisions` checks the grouping rule separately.
 */
export function perWatch(responses: IWatchResponse[]): Record<string, Observation[]> {
  const seen: Record<string, Observation[]> = {};
  for (const response of responses) {
    const id = String(response.watch_id);
    seen[id] ??= [];
    const items = seen[id];
    if (response.created || response.canceled) {
      items.push({
        created: response.created,
        canceled: response.canceled,
        compact_revision: response.compact_revision,
        cancel_reason: response.cancel_reason,
        // Only a created response's revision is fixed: it is the store's revision at creation.
        ...(response.created ? { revision: response.header.revision } : {}),
      });
    }
    if (!response.created && !response.canceled && response.events.length === 0) {
      items.push({ progress: response.header.revision });
    }
    for (const event of response.events) items.push(normalize(event));
  }
  return seen;
}

/**
 * Revisions whose events were split over several responses of the same watch. etcd never splits
 * a revision (without `fragment`), so clients can treat each response as whole revisions.
 */
export function splitRevisions(responses: IWatchResponse[]): string[] {
  const where = new Map<string, number>();
  const split = new Set<string>();
  responses.forEach((response, index) => {
    for (const event of response.events) {
      const key = `watch ${response.watch_id} revision ${event.kv.mod_revision}`;
      const first = where.get(key);
      if (first === undefined) where.set(key, index);
      else if (first !== index) split.add(key);
    }
  });
  return [...split];
}
