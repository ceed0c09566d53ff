import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const include = ['src/**/*.test.ts', 'scripts/**/*.test.ts'];
// Tests whose rule is a time ("/healthz answers within 200 ms while a hostile file is refused", issue 18)
// run after all the others, alone on the machine: beside another test file a sample is late by the
// neighbour's scheduling, not by the server.
const alone = ['src/kernel/imports/hostile.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['src/testing/global-setup.ts'],
    pool: 'forks',
    // Every test file has a database of its own, so files run side by side on every core (vitest's
    // default leaves one core idle: one file at a time on this 2-core machine).
    maxWorkers: os.availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'side-by-side', include, exclude: [...configDefaults.exclude, ...alone] } },
      { extends: true, test: { name: 'alone', include: alone, sequence: { groupOrder: 1 } } },
    ],
  },
});
