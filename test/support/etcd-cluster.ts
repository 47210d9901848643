// Starts a real multi-member etcd cluster on loopback (free ports, temporary folders) for tests
// that kill, stop and restart members; talks to it through Setpoint's etcd client layer.
import { connect } from '../../src/etcd/index.js';
import { freePort, tempFolder } from './ports.js';
import { type RunningProcess, startProcess } from './process.js';
import { waitUntilServing } from './stores.js';
import { waitFor } from './wait.js';

export interface EtcdClusterMember {
  /** `--name`: n1, n2, ... */
  readonly name: string;
  /** `127.0.0.1:PORT`, as `--endpoints` takes it. */
  readonly endpoint: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  process(): RunningProcess;
  isRunning(): boolean;
}

export interface EtcdClusterUnderTest {
  readonly members: readonly EtcdClusterMember[];
  /** Every member's endpoint, comma-separated. */
  readonly endpoints: string;
  member(name: string): EtcdClusterMember;
  /** The member that leads now, as the running members' Status calls report it. */
  leader(): Promise<EtcdClusterMember>;
  /** Waits until every running member names the same leader. */
  waitForLeader(): Promise<EtcdClusterMember>;
  /** `kill -9` one member. */
  kill(name: string): Promise<void>;
  /** Graceful stop of one member. */
  stop(name: string): Promise<void>;
  /** Starts a stopped or killed member again on its ports and data folder; waits until it serves. */
  restart(name: string): Promise<void>;
  /** Stops every member and removes their folders. */
  destroy(): Promise<void>;
}

export interface ClusterOptions {
  /** Number of members; default 3. */
  size?: number;
  /** Extra flags for every member. */
  args?: string[];
}

/**
 * Starts an etcd cluster of `size` members on 127.0.0.1 and waits until it has a leader.
 *
 * @example
 * const cluster = await startEtcdCluster({ size: 3 });
 * const client = await connect({ endpoints: cluster.endpoints });
 * await cluster.kill((await cluster.leader()).name);
 * await cluster.destroy();
 */
export async function startEtcdCluster(options: ClusterOptions = {}): Promise<EtcdClusterUnderTest> {
  const size = options.size ?? 3;
  const folder = await tempFolder('etcd-cluster');
  const token = `setpoint-test-${process.pid}-${Date.now()}`;
  const layout: { name: string; clientUrl: string; peerUrl: string; dataDir: string }[] = [];
  for (let i = 1; i <= size; i++) {
    layout.push({
      name: `n${i}`,
      clientUrl: `http://127.0.0.1:${await freePort()}`,
      peerUrl: `http://127.0.0.1:${await freePort()}`,
      dataDir: `${folder.path}/n${i}`,
    });
  }
  const initialCluster = layout.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  const members = layout.map((m) => {
    const args = [
      `--name=${m.name}`,
      `--data-dir=${m.dataDir}`,
      `--listen-client-urls=${m.clientUrl}`,
      `--advertise-client-urls=${m.clientUrl}`,
      `--listen-peer-urls=${m.peerUrl}`,
      `--initial-advertise-peer-urls=${m.peerUrl}`,
      `--initial-cluster=${initialCluster}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${token}`,
      '--logger=zap',
      '--log-outputs=stderr',
      ...(options.args ?? []),
    ];
    // On restart the data folder exists, and etcd ignores the --initial-cluster* flags.
    const start = () => startProcess('etcd', args, { ETCD_UNSUPPORTED_ARCH: '' });
    let running = start();
    const isRunning = () => running.child.exitCode === null && running.child.signalCode === null;
    return {
      member: {
        name: m.name,
        endpoint: m.clientUrl.replace('http://', ''),
        clientUrl: m.clientUrl,
        peerUrl: m.peerUrl,
        dataDir: m.dataDir,
        process: () => running,
        isRunning,
      } satisfies EtcdClusterMember,
      restart: async () => {
        if (isRunning()) return;
        running = start();
        await waitUntilServing(m.clientUrl.replace('http://', ''), running);
      },
    };
  });

  const member = (name: string) => {
    const found = members.find((m) => m.member.name === name);
    if (!found) throw new Error(`no member ${name} in this cluster`);
    return found;
  };

  const leader = async (): Promise<EtcdClusterMember> => {
    const running = members.filter((m) => m.member.isRunning()).map((m) => m.member);
    const statuses = await Promise.all(
      running.map(async (m) => {
        const client = await connect({ endpoints: m.endpoint, connectTimeoutMs: 2_000 });
        try {
          return { member: m, status: await client.status() };
        } finally {
          await client.close();
        }
      }),
    );
    const leaders = statuses.filter((s) => s.status.isLeader);
    const first = leaders[0];
    if (leaders.length !== 1 || first === undefined) {
      throw new Error(
        `expected one leader among ${running.map((m) => m.name).join(', ')}, found ${leaders.length}`,
      );
    }
    const disagreeing = statuses.filter((s) => s.status.leaderId !== first.status.memberId);
    if (disagreeing.length > 0) {
      throw new Error(
        `members ${disagreeing.map((s) => s.member.name).join(', ')} do not follow ${first.member.name} yet`,
      );
    }
    return first.member;
  };

  const cluster: EtcdClusterUnderTest = {
    members: members.map((m) => m.member),
    endpoints: members.map((m) => m.member.endpoint).join(','),
    member: (name) => member(name).member,
    leader,
    waitForLeader: () =>
      waitFor(leader, { what: 'the etcd cluster to agree on a leader', timeoutMs: 30_000, intervalMs: 100 }),
    kill: (name) => member(name).member.process().kill(),
    stop: (name) => member(name).member.process().stop(),
    restart: (name) => member(name).restart(),
    async destroy() {
      await Promise.all(members.map((m) => m.member.process().stop()));
      await folder.remove();
    },
  };

  try {
    await Promise.all(members.map((m) => waitUntilServing(m.member.endpoint, m.member.process())));
    await cluster.waitForLeader();
  } catch (err) {
    const output = members.map(
      (m) => `--- ${m.member.name} ---\n${m.member.process().output().slice(-4000)}`,
    );
    await cluster.destroy();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output.join('\n')}`);
  }
  return cluster;
}
