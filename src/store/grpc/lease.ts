// etcd's Lease service: Grant, Revoke, the KeepAlive stream, TimeToLive and Leases.
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import {
  checkMessageSize,
  checkRequestSize,
  endWithError,
  header,
  type ServiceContext,
  toGrpcError,
  unary,
} from './context.js';
import type { Sized } from './proto.js';

interface GrantMessage extends Sized {
  TTL: string;
  ID: string;
}

interface IdMessage extends Sized {
  ID: string;
}

interface TimeToLiveMessage extends Sized {
  ID: string;
  keys: boolean;
}

export function leaseService(ctx: ServiceContext): UntypedServiceImplementation {
  const { lessor } = ctx;
  return {
    LeaseGrant: unary(ctx, 'Lease', 'LeaseGrant', async (m: GrantMessage) => {
      checkRequestSize(ctx, m);
      const { id, ttl } = await lessor.grant(BigInt(m.ID), Number(m.TTL));
      return { header: header(ctx), ID: id.toString(), TTL: ttl, error: '' };
    }),

    LeaseRevoke: unary(ctx, 'Lease', 'LeaseRevoke', async (m: IdMessage) => {
      checkRequestSize(ctx, m);
      const revision = await lessor.revoke(BigInt(m.ID));
      return { header: header(ctx, revision) };
    }),

    LeaseTimeToLive: unary(ctx, 'Lease', 'LeaseTimeToLive', (m: TimeToLiveMessage) => {
      const id = BigInt(m.ID);
      const lease = lessor.status(id, m.keys);
      // etcd answers an unknown lease with TTL -1 rather than an error.
      if (lease === undefined) return { header: header(ctx), ID: m.ID, TTL: -1, grantedTTL: 0, keys: [] };
      return {
        header: header(ctx),
        ID: m.ID,
        TTL: lease.remaining,
        grantedTTL: lease.grantedTtl,
        keys: lease.keys,
      };
    }),

    LeaseLeases: unary(ctx, 'Lease', 'LeaseLeases', () => ({
      header: header(ctx),
      leases: lessor.ids().map((id) => ({ ID: id.toString() })),
    })),

    LeaseKeepAlive: (call: ServerDuplexStream<IdMessage, object>) => {
      const done = ctx.metrics.started('Lease', 'LeaseKeepAlive');
      let finished = false;
      const finish = (code: status) => {
        if (finished) return;
        finished = true;
        done(code);
      };
      call.on('data', (m: IdMessage) => {
        try {
          checkMessageSize(ctx, m);
        } catch (err) {
          const e = toGrpcError(ctx, err, 'LeaseKeepAlive');
          endWithError(call, e);
          finish(e.code);
          return;
        }
        // An unknown lease gets TTL 0, as etcd answers it.
        const ttl = lessor.renew(BigInt(m.ID));
        call.write({ header: header(ctx), ID: m.ID, TTL: ttl });
      });
      call.on('end', () => {
        finish(status.OK);
        call.end();
      });
      call.on('error', () => finish(status.CANCELLED));
      call.on('close', () => finish(status.CANCELLED));
    },
  };
}
