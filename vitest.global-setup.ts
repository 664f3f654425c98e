import type { TestProject } from 'vitest/node';
import { startTestCluster } from './packages/db/src/test-cluster.ts';

/** One embedded PostgreSQL for the whole run; each test file clones its own database from the template. */
export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide('postgresServerUrl', cluster.serverUrl);
  return cluster.stop;
}
