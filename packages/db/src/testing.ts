import { inject } from 'vitest';
import type { DatabaseUrls } from './connections.ts';
import {
  createDatabase,
  createSystemDatabase,
  type Database,
  type DatabaseTimeouts,
  type SystemDatabase,
} from './database.ts';
import { cloneTemplateDatabase } from './test-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServerUrl: string;
  }
}

export interface TestDatabase {
  urls: DatabaseUrls;
  /** Connected as switchboard_app, like the API. */
  app: Database;
  /** Connected as switchboard_worker, like the worker tier. */
  worker: Database;
  /** Connected as switchboard_system: the only pool withSystem opens on. */
  system: SystemDatabase;
  /** Connected as the owner: for arranging fixtures and inspecting rows behind RLS. */
  owner: Database;
  destroy: () => Promise<void>;
}

/**
 * A fresh database cloned from the migrated template, for one test file: on the shared cluster, or on
 * `serverUrl` (a cluster of the file's own, startFaultCluster).
 */
export async function createTestDatabase(
  options: { serverUrl?: string; timeouts?: Partial<DatabaseTimeouts> } = {},
): Promise<TestDatabase> {
  const urls = await cloneTemplateDatabase(options.serverUrl ?? inject('postgresServerUrl'), 'test');
  const { timeouts } = options;
  const app = createDatabase({ url: urls.app, maxConnections: 4, timeouts });
  const worker = createDatabase({ url: urls.worker, maxConnections: 4, timeouts });
  const system = createSystemDatabase({ url: urls.system, maxConnections: 2, timeouts });
  const owner = createDatabase({ url: urls.owner, maxConnections: 2, timeouts });
  return {
    urls,
    app,
    worker,
    system,
    owner,
    destroy: async () => {
      await Promise.all([app.destroy(), worker.destroy(), system.destroy(), owner.destroy()]);
    },
  };
}
