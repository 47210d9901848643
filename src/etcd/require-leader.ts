// The gRPC interceptor that asks etcd to end a stream when its member has no leader
// (clientv3's `WithRequireLeader`), so a watch on a partitioned member does not go silent.
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';

/**
 * Adds `hasleader: true` to a call's metadata. etcd then refuses the stream when the member has
 * no leader, and cancels it ("etcdserver: no leader") when the member loses it.
 *
 * @example
 * const stream = await etcd.watchClient.watch({ interceptors: [requireLeader] });
 */
export const requireLeader: Interceptor = (options, nextCall) =>
  new InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      // etcd3 shares one metadata object (the auth token) between calls: change a copy.
      const withLeader = metadata.clone();
      withLeader.set('hasleader', 'true');
      next(withLeader, listener);
    },
  });
