// `setpoint serve`: the whole service; until the HTTP API exists it runs the embedded store alone.
import type { Command } from 'commander';
import { addStoreFlags, runStore } from './etcd.js';

export function serveCommand(program: Command): void {
  const command = program
    .command('serve')
    .description('run Setpoint: the embedded etcd-compatible store (data in ./setpoint-data)');
  addStoreFlags(command, 'setpoint-data/store').action(async (flags) => {
    const running = await runStore(flags);
    process.stdout.write(
      `Setpoint is running the embedded store only (the HTTP API and web UI come in a later release).\n` +
        `  etcd API:  ${running.clientUrls.join(', ')}   (try: etcdctl --endpoints ${running.clientUrls[0]?.replace(/^https?:\/\//, '')} put hello world)\n` +
        `  data:      ${flags.dataDir}\n` +
        `Stop with Ctrl-C.\n`,
    );
  });
}
