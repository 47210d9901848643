// The status of the etcd member that answered a Status call: who it is, who leads, how far it is.
import type { IStatusResponse } from 'etcd3';
import { toRevision } from './key-value.js';

/**
 * One member's view of the cluster.
 *
 * @example
 * const status = await client.status();
 * if (status.isLeader) console.log(`member ${status.memberId} leads at revision ${status.revision}`);
 */
export interface MemberStatus {
  /** The answering member's id (decimal string; ids use all 64 bits). */
  readonly memberId: string;
  /** The leader's id as this member knows it; "0" when it has none. */
  readonly leaderId: string;
  readonly isLeader: boolean;
  /** The member's current revision. */
  readonly revision: number;
  readonly raftTerm: string;
  readonly raftIndex: string;
  /** etcd's version, e.g. "3.4.23". */
  readonly version: string;
}

/**
 * Converts etcd3's Status response.
 *
 * @example
 * toMemberStatus(await etcd.maintenance.status());
 */
export function toMemberStatus(response: IStatusResponse): MemberStatus {
  return {
    memberId: response.header.member_id,
    leaderId: response.leader,
    isLeader: response.leader !== '0' && response.leader === response.header.member_id,
    revision: toRevision(response.header.revision),
    raftTerm: response.raftTerm,
    raftIndex: response.raftIndex,
    version: response.version,
  };
}
