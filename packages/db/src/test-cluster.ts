import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseUrls, databaseUrls } from './connections.ts';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';

export const TEMPLATE_DATABASE = 'switchboard_template';
export const TEST_ROLE_PASSWORDS = {
  app: 'test-app-password',
  worker: 'test-worker-password',
  system: 'test-system-password',
  auth: 'test-auth-password',
};

/**
 * Starts a throwaway embedded PostgreSQL with a migrated template database. Test files clone the template
 * (createTestDatabase), which takes milliseconds instead of re-running migrations.
 */
export async function startTestCluster(): Promise<{ serverUrl: string; stop: () => Promise<void> }> {
  const cluster = await startFaultCluster();
  return { serverUrl: cluster.serverUrl, stop: cluster.destroy };
}

/**
 * A fresh database cloned from the migrated template on `serverUrl` (named `{prefix}_…`), and its roles' URLs:
 * a test file's (createTestDatabase) or a benchmark's.
 */
export async function cloneTemplateDatabase(serverUrl: string, prefix: string): Promise<DatabaseUrls> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  await admin.end();
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  return databaseUrls(ownerUrl.toString(), TEST_ROLE_PASSWORDS);
}

/** An embedded PostgreSQL a test may stop, start again and pause; see startFaultCluster. */
export interface FaultCluster {
  /** Superuser URL; the port stays the same across stop and start, so pools reconnect by themselves. */
  serverUrl: string;
  /** Fast shutdown (SIGINT): every connection is terminated with 57P01, new ones are refused. */
  stop: () => Promise<void>;
  /** Starts the stopped cluster again on the same port and data. */
  start: () => Promise<void>;
  /** SIGSTOP to the postmaster and every backend: connections open but nothing answers. */
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  /** Stops it for good and removes its files. */
  destroy: () => Promise<void>;
}

/**
 * A cluster of its own, with the migrated template, for a test file that stops, restarts or pauses
 * PostgreSQL: the shared cluster (startTestCluster) must stay up for the other files. Clone databases from
 * it with createTestDatabase({ serverUrl }).
 */
export async function startFaultCluster(): Promise<FaultCluster> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-pg-'));
  const options = {
    dataDir: path.join(dataDir, 'pg'),
    port: await freePort(),
    password: randomBytes(12).toString('hex'),
  };
  let postgres: RunningPostgres | undefined = await startEmbeddedPostgres(options);
  const serverUrl = postgres.url;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await migrate({ ownerUrl: templateUrl.toString(), rolePasswords: TEST_ROLE_PASSWORDS });

  const signalAll = async (signal: NodeJS.Signals) => {
    for (const pid of await clusterProcesses(options.dataDir)) {
      try {
        process.kill(pid, signal);
      } catch (error) {
        // A backend that exited between the listing and the signal (its client hung up): nothing to signal.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
  };
  const stop = async () => {
    await postgres?.stop();
    postgres = undefined;
  };
  return {
    serverUrl,
    stop,
    start: async () => {
      postgres ??= await startEmbeddedPostgres(options);
    },
    pause: () => signalAll('SIGSTOP'),
    resume: () => signalAll('SIGCONT'),
    destroy: async () => {
      await signalAll('SIGCONT');
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The postmaster (first line of postmaster.pid) and its children, found in /proc (Linux). */
async function clusterProcesses(dataDir: string): Promise<number[]> {
  // No file while the cluster is stopped: nothing to signal.
  const pidFile = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (pidFile === undefined) return [];
  const postmaster = Number(pidFile.split('\n')[0]);
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
