// A contender in its own process, so a test can kill it with -9: campaigns for ROLE on ETCD_HOST
// and prints one JSON line per election and per loss of leadership.
import { connect, type LeadershipLostError, runAsLeader } from '../../src/etcd/index.js';
import { createLogger } from '../../src/log/logger.js';

const logger = createLogger('leader-process');
const client = await connect({ logger });
const leadership = runAsLeader(client, process.env.ROLE ?? 'test', {
  ttlSeconds: Number(process.env.TTL_SECONDS ?? 3),
  candidate: process.env.CANDIDATE ?? 'child',
  logger,
  onElected(signal) {
    console.log(JSON.stringify({ event: 'elected', pid: process.pid }));
    signal.addEventListener('abort', () => {
      console.log(JSON.stringify({ event: 'lost', kind: (signal.reason as LeadershipLostError).kind }));
    });
  },
});
process.once('SIGTERM', () => {
  void leadership.stop().then(() => client.close());
});
