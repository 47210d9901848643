// Conformance of Maintenance Status and Alarm and Cluster MemberList with a single-member etcd 3.4.
import type { IMemberListResponse, IStatusResponse } from 'etcd3';
import { describe, expect, test } from 'vitest';
import { bytes } from './support/keys.js';
import { outcome } from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';

const pair = usePair();

/**
 * Status as compared. Kept: revision, version (major.minor: clients gate features on it; the patch
 * level of a compatible store need not match), errors, isLearner, and whether the leader is this member.
 * Dropped, as they differ by nature: member and leader ids (random per cluster), raft index and term
 * (count raft's own entries, which a store without raft does not have), database sizes (storage engine).
 */
function status(response: IStatusResponse): Record<string, unknown> {
  return {
    revision: response.header.revision,
    version: response.version.split('.').slice(0, 2).join('.'),
    leaderIsThisMember: response.leader === response.header.member_id && response.leader !== '0',
    errors: response.errors,
    isLearner: response.isLearner,
  };
}

/**
 * MemberList as compared: member ids are random per cluster, so only "the member is the one that
 * answered" is kept; URLs hold ports chosen per run, so the client URL is compared with the one the
 * store was told to advertise and the peer URLs keep only their scheme and host.
 */
function members(t: Target, response: IMemberListResponse): Record<string, unknown> {
  return {
    revision: response.header.revision,
    members: response.members.map((member) => ({
      isAnsweringMember: member.ID === response.header.member_id,
      name: member.name,
      clientURLs: member.clientURLs.map((url) => (url === t.store.url ? '<advertised client url>' : url)),
      peerURLs: member.peerURLs.map((url) => url.replace(/:\d+$/, ':<port>')),
      isLearner: member.isLearner,
    })),
  };
}

describe('Maintenance and Cluster', () => {
  test('Status: revision, version, leader is this member, no errors', async () => {
    const seen = await conform(pair(), async (t) => {
      const fresh = status(await t.client.maintenance.status({}));
      await t.client.kv.put({ key: bytes('m/a'), value: bytes('1') });
      await t.client.kv.put({ key: bytes('m/a'), value: bytes('2') });
      const afterWrites = status(await t.client.maintenance.status({}));
      const raw = status(await t.raw.call('Maintenance.Status', {}));
      return { fresh, afterWrites, raw };
    });
    expect(seen.fresh).toEqual({
      revision: '1',
      version: '3.4',
      leaderIsThisMember: true,
      errors: [],
      isLearner: false,
    });
    expect(seen.afterWrites).toMatchObject({ revision: '3' });
    expect(seen.raw).toEqual(seen.afterWrites);
  });

  test('MemberList: one member, the one that answers, with the advertised client URL', async () => {
    const seen = await conform(pair(), async (t) => ({
      client: members(t, await t.client.cluster.memberList({})),
      raw: members(t, await t.raw.call('Cluster.MemberList', {})),
    }));
    expect(seen.client).toEqual({
      revision: '0',
      members: [
        {
          isAnsweringMember: true,
          name: 'default',
          clientURLs: ['<advertised client url>'],
          peerURLs: ['http://127.0.0.1:<port>'],
          isLearner: false,
        },
      ],
    });
  });

  test('Alarm list is empty (and has no header)', async () => {
    const seen = await conform(pair(), async (t) =>
      outcome(t.client.maintenance.alarm({ action: 'Get', alarm: 'None', memberID: 0 })),
    );
    // etcd 3.4 answers an alarm list without a header.
    expect(seen).toEqual({ ok: { header: null, alarms: [] } });
  });
});
