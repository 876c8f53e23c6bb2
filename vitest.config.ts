import { defineConfig } from 'vitest/config';

/**
 * Integration test files each start a local stack (a DynamoDB Local JVM among others), so they are
 * slow to set up and heavy: at most two files run at once (our machines have 2 cores), each in its
 * own process (`forks`), which also gives each file its own handler configuration and clients.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    // expect.poll waits for a page or a stream consumer to catch up; its 1 s default is too short on a
    // loaded 2-core machine. A poll still returns as soon as it matches.
    expect: { poll: { timeout: 15_000 } },
  },
});
