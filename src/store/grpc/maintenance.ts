// etcd's Maintenance service: Status, Alarm, Defragment, Hash and HashKV; the rest answers Unimplemented.
import { createHash } from 'node:crypto';
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { unimplemented } from '../errors.js';
import { rangeQuery } from '../mvcc/kv.js';
import { endWithError, header, raftTerm, type ServiceContext, unary } from './context.js';

/** The etcd API version this store speaks, as clients read it from Status. */
export const ETCD_API_VERSION = '3.4.0';

const ALARM_GET = 0;
const ALARM_ACTIVATE = 1;
const ALARM_DEACTIVATE = 2;
const ALARM_NONE = 0;
const ALARM_NOSPACE = 1;

interface AlarmMessage {
  action: number;
  memberID: string;
  alarm: number;
}

export function maintenanceService(ctx: ServiceContext): UntypedServiceImplementation {
  const { store } = ctx;
  const memberId = store.memberId.toString();
  const alarms = () => (store.noSpaceAlarm ? [{ memberID: memberId, alarm: ALARM_NOSPACE }] : []);
  const notSupported = (method: string) =>
    unary(ctx, 'Maintenance', method, () => {
      throw unimplemented(`Maintenance.${method}`);
    });
  return {
    Status: unary(ctx, 'Maintenance', 'Status', () => ({
      header: header(ctx),
      version: ETCD_API_VERSION,
      dbSize: store.size,
      leader: memberId,
      raftIndex: store.revision,
      raftTerm,
      raftAppliedIndex: store.revision,
      errors: store.noSpaceAlarm ? [`memberID:${memberId} alarm:NOSPACE `] : [],
      dbSizeInUse: store.sizeInUse(),
      isLearner: false,
    })),

    Alarm: unary(ctx, 'Maintenance', 'Alarm', (m: AlarmMessage) => {
      if (m.action === ALARM_ACTIVATE && m.alarm === ALARM_NOSPACE) store.noSpaceAlarm = true;
      else if (m.action === ALARM_DEACTIVATE && (m.alarm === ALARM_NOSPACE || m.alarm === ALARM_NONE)) {
        const was = alarms();
        store.noSpaceAlarm = false;
        return { alarms: was };
      } else if (m.action !== ALARM_GET && m.action !== ALARM_ACTIVATE) {
        throw unimplemented(`AlarmRequest.action value ${m.action}`);
      }
      // etcd answers alarms without a header.
      return { alarms: alarms() };
    }),

    Defragment: unary(ctx, 'Maintenance', 'Defragment', () => {
      store.defragment();
      return { header: header(ctx) };
    }),

    // A digest of every live key-value at the current revision: equal stores give equal hashes.
    Hash: unary(ctx, 'Maintenance', 'Hash', () => ({ header: header(ctx), hash: hashAt(ctx, 0) })),

    HashKV: unary(ctx, 'Maintenance', 'HashKV', (m: { revision: string }) => ({
      header: header(ctx),
      hash: hashAt(ctx, Number(m.revision)),
      compact_revision: store.compactRevision,
    })),

    Snapshot: (call: ServerWritableStream<object, object>) => {
      const err = unimplemented('Maintenance.Snapshot (use `setpoint backup create`)');
      endWithError(call, { code: err.grpcCode, details: err.message });
    },
    MoveLeader: notSupported('MoveLeader'),
    Downgrade: notSupported('Downgrade'),
  };
}

function hashAt(ctx: ServiceContext, revision: number): number {
  const hash = createHash('sha256');
  const result = ctx.store.range(rangeQuery({ start: '\0', end: null }, { revision }));
  for (const kv of result.kvs) {
    hash
      .update(kv.key)
      .update(kv.value)
      .update(`${kv.createRevision}:${kv.modRevision}:${kv.version}:${kv.lease}`);
  }
  return hash.digest().readUInt32BE(0);
}
