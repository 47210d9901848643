// etcd's Cluster service: this store is a cluster of one member; membership changes are refused.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { unimplemented } from '../errors.js';
import { header, type ServiceContext, unary } from './context.js';

export function clusterService(ctx: ServiceContext): UntypedServiceImplementation {
  const member = () => ({
    ID: ctx.store.memberId.toString(),
    name: ctx.options.name,
    peerURLs: ctx.options.initialAdvertisePeerUrls,
    clientURLs: ctx.options.advertiseClientUrls,
    isLearner: false,
  });
  const refuse = (method: string) =>
    unary(ctx, 'Cluster', method, () => {
      throw unimplemented(`Cluster.${method} (the embedded store is a single member; use an etcd cluster)`);
    });
  return {
    // etcd's Cluster service fills no revision in its headers.
    MemberList: unary(ctx, 'Cluster', 'MemberList', () => ({ header: header(ctx, 0), members: [member()] })),
    MemberAdd: refuse('MemberAdd'),
    MemberRemove: refuse('MemberRemove'),
    MemberUpdate: refuse('MemberUpdate'),
    MemberPromote: refuse('MemberPromote'),
  };
}
