// etcd's KV service: Range, Put, DeleteRange, Txn, Compact.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { StoreError } from '../errors.js';
import { checkDuplicateKeys, checkTxnLimits, isWriteTxn } from '../mvcc/txn-check.js';
import { checkRequestSize, header, type ServiceContext, unary } from './context.js';
import {
  type DeleteRangeRequestMessage,
  kvMessage,
  type PutRequestMessage,
  type RangeRequestMessage,
  rangeResponse,
  type TxnRequestMessage,
  toDeleteRequest,
  toPutRequest,
  toRangeQuery,
  toTxnRequest,
  txnResponse,
} from './messages.js';

interface CompactionRequestMessage {
  revision: string;
  physical: boolean;
}

export function kvService(ctx: ServiceContext): UntypedServiceImplementation {
  const { store } = ctx;
  return {
    Range: unary(ctx, 'KV', 'Range', (m: RangeRequestMessage) => {
      const result = store.range(toRangeQuery(m));
      return rangeResponse(header(ctx, result.headerRevision), result);
    }),

    Put: unary(ctx, 'KV', 'Put', async (m: PutRequestMessage) => {
      const request = toPutRequest(m);
      checkRequestSize(ctx, m);
      const result = await store.write(({ txn }) => txn.put(request));
      return {
        header: header(ctx, result.headerRevision),
        prev_kv: result.prevKv && kvMessage(result.prevKv),
      };
    }),

    DeleteRange: unary(ctx, 'KV', 'DeleteRange', async (m: DeleteRangeRequestMessage) => {
      const request = toDeleteRequest(m);
      checkRequestSize(ctx, m);
      const result = await store.write(({ txn }) => txn.deleteRange(request), false);
      return {
        header: header(ctx, result.headerRevision),
        deleted: result.deleted,
        prev_kvs: result.prevKvs.map(kvMessage),
      };
    }),

    Txn: unary(ctx, 'KV', 'Txn', async (m: TxnRequestMessage) => {
      const request = toTxnRequest(m);
      checkTxnLimits(request, ctx.options.maxTxnOps);
      checkDuplicateKeys(request.success);
      checkDuplicateKeys(request.failure);
      if (isWriteTxn(request)) checkRequestSize(ctx, m);
      const result = await store.txn(request);
      return txnResponse(header(ctx, result.headerRevision), result);
    }),

    Compact: unary(ctx, 'KV', 'Compact', (m: CompactionRequestMessage) => {
      const revision = Number(m.revision);
      if (!Number.isSafeInteger(revision)) throw new StoreError('FUTURE_REV');
      store.compact(revision);
      return { header: header(ctx) };
    }),
  };
}
