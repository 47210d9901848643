// The reference demo's parts together: the registry in a podman container storing its blobs in
// the all-in-one Swift. With the right password the blobs land in Swift; with a wrong one the
// registry does not start at all; when its password stops working while it runs, its health
// endpoints answer 503 until its config has the new password and it is restarted.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Podman, startPodman } from '../support/podman.js';
import { freePort } from '../support/ports.js';
import {
  buildRegistryImage,
  pushBlob,
  RegistryRequestError,
  readBlob,
  registryConfig,
  startRegistryContainer,
} from '../support/registry.js';
import { type Swift, startSwift } from '../support/swift.js';
import { waitFor } from '../support/wait.js';

describe('registry with Swift storage (test/support/swift.ts, test/support/registry.ts)', () => {
  let podman: Podman;
  let swift: Swift;
  let image: string;

  beforeAll(async () => {
    // Both at once, and each kept as soon as it runs, so afterAll stops it if the other fails.
    const started = await Promise.allSettled([
      startPodman().then((p) => {
        podman = p;
      }),
      startSwift().then((s) => {
        swift = s;
      }),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    image = await buildRegistryImage(podman);
  });

  afterAll(async () => {
    await Promise.all([podman?.stop(), swift?.stop()]);
  });

  /** Writes (in place, when it exists) a config for Swift storage; new free ports unless given. */
  const writeConfig = async (
    file: string,
    credentials: { user: string; key: string },
    container: string,
    ports?: { port: number; debugPort: number },
  ) => {
    const configFile = join(podman.folder, file);
    await writeFile(
      configFile,
      registryConfig({
        port: ports?.port ?? (await freePort()),
        debugPort: ports?.debugPort ?? (await freePort()),
        storage: {
          swift: { authurl: swift.authUrl, username: credentials.user, password: credentials.key, container },
        },
      }),
    );
    return configFile;
  };

  it('stores pushed blobs in Swift with the right password', async () => {
    const configFile = await writeConfig('swift-right.yml', { user: swift.user, key: swift.key }, 'registry');
    const registry = await startRegistryContainer({ podman, image, configFile, name: 'registry-swift' });
    try {
      expect(await registry.health()).toEqual({ status: 200, body: '{}' });
      const bytes = Buffer.from(`a blob for Swift ${randomBytes(8).toString('hex')}\n`);
      const digest = await pushBlob(registry.url, 'setpoint/demo', bytes);
      expect((await readBlob(registry.url, 'setpoint/demo', digest)).equals(bytes)).toBe(true);

      // The bytes are in Swift, where python-swiftclient finds them.
      const hex = digest.slice('sha256:'.length);
      const object = `files/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
      const { stdout: listing } = await swift.cli(['list', 'registry']);
      expect(listing.split('\n')).toContain(object);
      const { stdout: content } = await swift.cli(['download', 'registry', object, '--output', '-']);
      expect(content).toBe(bytes.toString('utf8'));
    } finally {
      await registry.stop();
    }
  });

  it('does not start with a wrong Swift password: it exits with code 2 and says why', async () => {
    const configFile = await writeConfig('swift-wrong.yml', { user: swift.user, key: 'wrong' }, 'registry');
    const started = startRegistryContainer({ podman, image, configFile, name: 'registry-wrong' });
    await expect(started).rejects.toThrow(/exited \(code 2\)/);
    await expect(started).rejects.toThrow(/panic: swift authentication failed: Authorization Failed/);
    await podman.run(['rm', '--force', 'registry-wrong']);

    // Started without waiting, as an agent restarting it would: the push gets no answer at all.
    const registry = await startRegistryContainer({
      podman,
      image,
      configFile,
      name: 'registry-wrong',
      wait: false,
    });
    try {
      const state = await waitFor(async () => {
        const s = await registry.state();
        return !s.running && s.status === 'exited' && s;
      });
      expect(state.exitCode).toBe(2);
      await expect(pushBlob(registry.url, 'setpoint/demo', Buffer.from('x'))).rejects.toThrow(
        /got no answer/,
      );
    } finally {
      await registry.stop();
    }
  });

  it('answers 503 on /debug/health, / and /v2/ once its password stops working, and recovers with the new one', async () => {
    const user = swift.otherUser;
    const configFile = await writeConfig('swift-rotated.yml', { user, key: swift.otherKey }, 'rotation');
    const registry = await startRegistryContainer({ podman, image, configFile, name: 'registry-rotation' });
    try {
      const before = await pushBlob(registry.url, 'setpoint/demo', Buffer.from('before the rotation'));
      expect(await registry.health()).toEqual({ status: 200, body: '{}' });

      const newKey = `rotated-${randomBytes(4).toString('hex')}`;
      await swift.setKey(user, newKey);

      const unhealthy = await waitFor(
        async () => {
          // A check that ran while the proxy restarted fails with "connection refused" first.
          const health = await registry.health();
          return health.status === 503 && health.body.includes('Authorization Failed') && health;
        },
        { what: 'the registry to report its Swift storage unhealthy', timeoutMs: 20_000, intervalMs: 100 },
      );
      expect(JSON.parse(unhealthy.body)).toEqual({ storagedriver_swift: 'swift: Authorization Failed' });
      for (const path of ['/', '/v2/']) expect((await fetch(`${registry.url}${path}`)).status).toBe(503);
      const refused = await pushBlob(registry.url, 'setpoint/demo', Buffer.from('x')).catch(
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(RegistryRequestError);
      expect(refused).toMatchObject({ status: 503 });

      // What the agent does in the demo: the new password in place, then a restart.
      const ports = {
        port: Number(new URL(registry.url).port),
        debugPort: Number(new URL(`${registry.debugUrl}`).port),
      };
      await writeConfig('swift-rotated.yml', { user, key: newKey }, 'rotation', ports);
      await podman.run(['restart', '--time', '5', registry.name]);
      await registry.waitUntilAnswering();
      await waitFor(async () => (await registry.health()).status === 200, {
        what: 'the restarted registry to be healthy',
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      expect((await readBlob(registry.url, 'setpoint/demo', before)).toString()).toBe('before the rotation');
      const after = await pushBlob(registry.url, 'setpoint/demo', Buffer.from('after the rotation'));
      expect((await readBlob(registry.url, 'setpoint/demo', after)).toString()).toBe('after the rotation');
    } finally {
      await registry.stop();
    }
  });
});
