// The live stream for the UI: server-sent events of key changes (names, never values), agent status
// and backup progress, each shown only to callers who may see it, resumable from a revision.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../../../log/logger.js';
import type { Principal } from '../../auth/index.js';
import { backupProgressOf } from '../../backups/backup-progress.js';
import { type Delivery, EventHub, type Subscription } from '../../events/event-hub.js';
import { commentFrame, eventFrame, resumeRevision, retryFrame } from '../../events/event-stream.js';
import { accessKeysOf, mayNotice, stillSignedIn } from '../../events/stream-access.js';
import { principalOf } from '../access.js';
import type { RoutePlugin } from '../context.js';
import { ApiError } from '../errors.js';
import { guardedErrors } from '../schemas.js';

/** A comment goes out this often, so proxies and load balancers keep an idle stream open. */
export const HEARTBEAT_MS = 15_000;
/** How long a browser's EventSource waits before reconnecting. */
const RETRY_MS = 3_000;

const query = z.object({
  since: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'resume after this revision (the id of the last event received); the Last-Event-ID header, which ' +
        'EventSource sends on reconnect, wins over it',
    ),
  timeout: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .optional()
    .describe('end the stream after this many seconds (for scripts and curl); default: never'),
});

const description = [
  'A text/event-stream. Events (each `data` is JSON):',
  '- `ready` {revision, since, user}: the stream is open; events after `revision` follow.',
  '- `change` {key, type: put|delete, revision, directory}: a key you may read changed. Never the value.',
  '- `agent` {type: status, agent, unit, directory, state, healthy, appliedRevision, contentHash, lastError, ' +
    'updatedAt, ...} or {type: gone, agent, unit, directory, revision}: a unit of a directory you may read.',
  '- `backup` {operation, id, backup, phase, keys, totalKeys, bytes, totalBytes, done, outcome, error}: ' +
    'progress of a backup, verification or restore on this server (admins only).',
  '- `reset` {revision, reason}: the stream could not resume exactly (etcd compacted the revisions): read your views again.',
  '- `signed-out` {reason}: the token was revoked, the session ended or the user was disabled; the stream ends.',
  'The `id` of the last event of each revision is that revision; reconnecting with Last-Event-ID (or ?since=) ',
  'resumes after it while etcd still holds the revisions. A `: heartbeat` comment comes every 15 s.',
].join('\n');

export const eventsRoutes: RoutePlugin = (app, context) => {
  const { client } = context;
  const logger = context.logger.child({ part: 'events' });
  const hub = new EventHub(client, logger);
  const stopProgress = backupProgressOf(context).subscribe((report) =>
    hub.publish({ kind: 'backup', data: report }),
  );
  // Streams must end before the server waits for its open requests to finish; onClose comes after that.
  app.addHook('preClose', async () => {
    stopProgress();
    await hub.stop();
  });
  app.addHook('onClose', async () => {
    stopProgress();
    await hub.stop();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Live updates as server-sent events: key changes, agent status, backup progress',
        description,
        querystring: query,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('a text/event-stream'), ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request, reply) => {
      let principal = principalOf(request);
      let since: number | undefined;
      try {
        since = resumeRevision(request.headers['last-event-id'], request.query.since);
      } catch (err) {
        throw new ApiError('REQUEST_INVALID', 400, (err as Error).message);
      }
      const subscription = await hub.subscribe({
        ...(since !== undefined ? { since } : {}),
        accessKeys: accessKeysOf(principal),
        accepts: (event) => mayNotice(principal, event),
      });
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...headersOf(reply.getHeaders()),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      raw.write(retryFrame(RETRY_MS));
      // The revision the subscription starts after, not the hub's now: the hub may have moved on
      // meanwhile, and those revisions are queued for this stream.
      const ready = { revision: subscription.from, since: since ?? null, user: principal.user.name };
      raw.write(eventFrame('ready', ready, since === undefined ? subscription.from : undefined));
      const heartbeat = setInterval(() => {
        if (tokenExpired(principal)) {
          raw.write(eventFrame('signed-out', { reason: 'the API token expired' }));
          subscription.close('signed-out');
          return;
        }
        raw.write(commentFrame('heartbeat'));
      }, HEARTBEAT_MS);
      raw.on('close', () => subscription.close('client-gone'));
      const timeout = request.query.timeout;
      const ending =
        timeout === undefined ? undefined : setTimeout(() => subscription.close('timeout'), timeout * 1000);
      try {
        for (;;) {
          const deliveries = await subscription.next();
          if (deliveries === undefined) break;
          for (const delivery of deliveries) {
            if (delivery.events[0]?.kind === 'access') {
              const now = await stillSignedIn(client, principal);
              if (now === undefined) {
                raw.write(
                  eventFrame('signed-out', {
                    reason: 'the token was revoked, the session ended, or the user was disabled or deleted',
                  }),
                );
                subscription.close('signed-out');
                break;
              }
              principal = now;
              continue;
            }
            if (!raw.write(framesOf(delivery))) await drained(raw);
          }
        }
      } catch (err) {
        logger.warn({ err, user: principal.user.name }, 'a live events stream failed');
      } finally {
        clearInterval(heartbeat);
        clearTimeout(ending);
        logClose(subscription, principal, logger);
        if (!raw.writableEnded) raw.end();
      }
    },
  );
};

/** The frames of one delivery; the last event of a revision carries it as its id. */
function framesOf(delivery: Delivery): string {
  let text = '';
  delivery.events.forEach((event, index) => {
    if (event.kind === 'access') return;
    const last = index === delivery.events.length - 1;
    text += eventFrame(
      event.kind,
      event.data,
      last && delivery.revision !== null ? delivery.revision : undefined,
    );
  });
  return text;
}

function drained(raw: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    raw.on('close', done);
  });
}

function tokenExpired(principal: Principal): boolean {
  return (
    principal.via === 'token' &&
    principal.token.expiresAt !== undefined &&
    Date.parse(principal.token.expiresAt) <= Date.now()
  );
}

function headersOf(headers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || Array.isArray(value)) out[name] = value as string | string[];
    else if (typeof value === 'number') out[name] = String(value);
  }
  return out;
}

function logClose(subscription: Subscription, principal: Principal, logger: Logger): void {
  const reason = subscription.closedBecause() ?? 'client-gone';
  if (reason === 'too-slow') {
    logger.info(
      { user: principal.user.name },
      'dropped a live events stream: the client did not keep up; it can reconnect and resume',
    );
  }
  subscription.close(reason);
}
