// The registry image and container the reference demo runs: blobs pushed to a registry with
// filesystem storage read back, and a config file bind-mounted alone keeps its old inode when it
// is replaced by rename (what the agent must work around), but not when it is written in place.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
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
  registryConfigPath,
  startRegistryContainer,
} from '../support/registry.js';

describe('registry in a podman container (test/support/registry.ts)', () => {
  let podman: Podman;
  let image: string;

  beforeAll(async () => {
    podman = await startPodman();
    image = await buildRegistryImage(podman);
  });

  afterAll(async () => {
    await podman?.stop();
  });

  const writeConfig = async (name: string) => {
    const folder = join(podman.folder, name);
    await mkdir(folder);
    const configFile = join(folder, 'config.yml');
    const config = registryConfig({
      port: await freePort(),
      debugPort: await freePort(),
      storage: { filesystem: { rootdirectory: '/var/lib/registry' } },
    });
    await writeFile(configFile, config);
    return { configFile, config };
  };

  it('stores blobs on its filesystem: a pushed blob reads back, an unknown one is a 404', async () => {
    const { configFile } = await writeConfig('filesystem');
    const registry = await startRegistryContainer({ podman, image, configFile, name: 'registry-filesystem' });
    try {
      expect(await registry.health()).toEqual({ status: 200, body: '{}' });
      const bytes = randomBytes(1024 * 1024);
      const digest = await pushBlob(registry.url, 'setpoint/demo', bytes);
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await readBlob(registry.url, 'setpoint/demo', digest)).equals(bytes)).toBe(true);

      const missing = `sha256:${'0'.repeat(64)}`;
      const error = await readBlob(registry.url, 'setpoint/demo', missing).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(RegistryRequestError);
      expect(error).toMatchObject({ status: 404, body: expect.stringContaining('BLOB_UNKNOWN') });
    } finally {
      await registry.stop();
    }
  });

  it('sees a bind-mounted config written in place, keeps the old inode after a rename, and sees the new file after a restart', async () => {
    const { configFile, config } = await writeConfig('bind-mount');
    const registry = await startRegistryContainer({ podman, image, configFile, name: 'registry-bind-mount' });
    const inside = async () => (await podman.run(['exec', registry.name, 'cat', registryConfigPath])).stdout;
    try {
      expect(await inside()).toBe(config);

      const inodeBefore = (await stat(configFile)).ino;
      const inPlace = `${config}# written in place\n`;
      await writeFile(configFile, inPlace);
      expect((await stat(configFile)).ino).toBe(inodeBefore);
      expect(await inside()).toBe(inPlace);

      // What an atomic writer does: a temporary file in the same folder, renamed over the config.
      const renamed = `${config}# written to a temporary file and renamed\n`;
      await writeFile(`${configFile}.tmp`, renamed);
      await rename(`${configFile}.tmp`, configFile);
      expect((await stat(configFile)).ino).not.toBe(inodeBefore);
      expect(await inside()).toBe(inPlace);

      // A restart mounts the path again, so the container sees the renamed file.
      await podman.run(['restart', '--time', '5', registry.name]);
      expect(await inside()).toBe(renamed);
      expect((await registry.state()).running).toBe(true);
    } finally {
      await registry.stop();
    }
  });
});
