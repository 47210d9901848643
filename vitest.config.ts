// Test runner settings: unit tests beside the code, integration tests under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start real servers; two cores do not gain from running many at once.
    fileParallelism: true,
    maxWorkers: 2,
    // Tests restart and cut off stores on purpose: the reconnect warnings that follow are expected.
    // SETPOINT_LOG_LEVEL=debug shows everything.
    env: { SETPOINT_LOG_LEVEL: process.env.SETPOINT_LOG_LEVEL ?? 'error' },
  },
});
