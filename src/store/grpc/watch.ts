// etcd's Watch service: one bidirectional stream carrying many watches.
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { unimplemented } from '../errors.js';
import { toInterval } from '../mvcc/interval.js';
import { type WatchReply, WatchSession } from '../watch/session.js';
import { checkMessageSize, endWithError, header, type ServiceContext, toGrpcError } from './context.js';
import { kvMessage } from './messages.js';
import type { Sized } from './proto.js';

interface WatchRequestMessage extends Sized {
  request_union?: 'create_request' | 'cancel_request' | 'progress_request';
  create_request?: {
    key: Buffer;
    range_end: Buffer;
    start_revision: string;
    progress_notify: boolean;
    filters: number[];
    prev_kv: boolean;
    watch_id: string;
    fragment: boolean;
  };
  cancel_request?: { watch_id: string };
}

const NOPUT = 0;
const NODELETE = 1;
const eventTypes = { PUT: 0, DELETE: 1 } as const;

export function watchService(ctx: ServiceContext, progressIntervalMs: number): UntypedServiceImplementation {
  return {
    Watch: (call: ServerDuplexStream<WatchRequestMessage, object>) => {
      const done = ctx.metrics.started('Watch', 'Watch');
      ctx.metrics.watchStreams.inc();
      const session = new WatchSession(
        ctx.store,
        ctx.hub,
        { write: (reply) => call.write(toMessage(reply)) },
        progressIntervalMs,
      );
      call.on('drain', () => session.drained());
      let closed = false;
      const close = (code: status) => {
        if (closed) return;
        closed = true;
        session.close();
        ctx.metrics.watchStreams.dec();
        done(code);
      };
      call.on('data', (m: WatchRequestMessage) => {
        try {
          checkMessageSize(ctx, m);
          handle(m);
        } catch (err) {
          const e = toGrpcError(ctx, err, 'Watch');
          endWithError(call, e);
          close(e.code);
        }
      });
      // A client that half-closes its side still gets events, as from etcd; the stream ends when
      // the client cancels it or goes away.
      call.on('end', () => undefined);
      call.on('error', () => close(status.CANCELLED));
      call.on('close', () => close(status.CANCELLED));

      function handle(m: WatchRequestMessage): void {
        switch (m.request_union) {
          case 'create_request': {
            const c = m.create_request!;
            if (c.fragment) throw unimplemented('WatchCreateRequest.fragment');
            session.create({
              watchId: Number(c.watch_id),
              interval: toInterval(c.key, c.range_end),
              startRevision: Number(c.start_revision),
              noPut: c.filters.includes(NOPUT),
              noDelete: c.filters.includes(NODELETE),
              prevKv: c.prev_kv,
              progressNotify: c.progress_notify,
            });
            return;
          }
          case 'cancel_request': {
            session.cancel(Number(m.cancel_request!.watch_id));
            return;
          }
          case 'progress_request':
            session.progress();
            return;
          default:
            // etcd ignores a request it does not recognise and keeps the stream open.
            return;
        }
      }

      function toMessage(reply: WatchReply) {
        return {
          header: header(ctx, reply.headerRevision),
          watch_id: reply.watchId,
          created: reply.created ?? false,
          canceled: reply.canceled ?? false,
          compact_revision: reply.compactRevision ?? 0,
          cancel_reason: reply.cancelReason ?? '',
          events: reply.events.map((e) => ({
            type: eventTypes[e.type],
            kv: kvMessage(e.kv),
            prev_kv: e.prevKv && kvMessage(e.prevKv),
          })),
        };
      }
    },
  };
}
