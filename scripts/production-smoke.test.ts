import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { databaseUrls } from '@switchboard/db/connections';
import { freePort, TEST_ROLE_PASSWORDS } from '@switchboard/db/test-cluster';
import type {} from '@switchboard/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { composeCommand, dockerTarget, ROOT } from './lib/deployment-files.ts';

// The production path of the images, outside a container: the commands the Dockerfile and docker-compose.yml
// give the migration, the API and the job runner (read from those files, so they cannot drift), with the
// images' ENV, against an empty database of the test cluster. The dashboard's production start
// (`node --import tsx server.ts` after `next build`) is what the browser journeys run (tests/e2e).

let ownerUrl: string;
let databaseName: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  const serverUrl = inject('postgresServerUrl');
  databaseName = `smoke_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  ownerUrl = url.toString();
});

afterAll(async () => {
  await Promise.all(running.map((child) => stop(child)));
  const admin = new pg.Client({ connectionString: inject('postgresServerUrl') });
  await admin.connect();
  await admin.query(`drop database if exists ${databaseName} with (force)`);
  await admin.end();
});

/** Connections open to the smoke test's database under a pool's application_name. */
async function connectionsOf(applicationName: string): Promise<number> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ connections: number }>(
      `select count(*)::int as connections from pg_stat_activity
        where datname = current_database() and application_name = $1`,
      [applicationName],
    );
    return rows[0]?.connections ?? 0;
  } finally {
    await owner.end();
  }
}

/** Runs a service's command as its image would: the image's ENV, its WORKDIR, plus the given variables. */
function runAsImage(service: string, target: string, env: Record<string, string>) {
  const [command, ...args] = composeCommand(service);
  const image = dockerTarget(target);
  const output: string[] = [];
  const child = spawn(command === 'node' ? process.execPath : command!, args, {
    // The image's WORKDIR under /app is the same path under the repository's root.
    cwd: path.join(ROOT, image.workdir),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...image.env,
      ...nodeOptionsHere(image.env),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  running.push(child);
  return { child, output: () => output.join('') };
}

/**
 * The image's NODE_OPTIONS, less the options this machine's Node.js does not have: the images run another
 * release (Node 20 refuses Node 22's --experimental-async-context-frame). CI runs this suite again on the
 * images' release, with all of them (.ci/run).
 */
function nodeOptionsHere(imageEnv: Record<string, string>): { NODE_OPTIONS?: string } {
  if (imageEnv.NODE_OPTIONS === undefined) return {};
  const known = imageEnv.NODE_OPTIONS.split(/\s+/).filter((option) =>
    process.allowedNodeEnvironmentFlags.has(option.split('=')[0]!),
  );
  return { NODE_OPTIONS: known.join(' ') };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/** Polls until `check` holds or the child exits; bounded. */
async function waitFor(check: () => Promise<boolean> | boolean, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready in time:\n${output()}`);
}

describe('the images’ production path, outside a container', () => {
  it('migrates an empty database and gives the service roles their logins', async () => {
    const migrate = runAsImage('migrate', 'worker', {
      DATABASE_URL: ownerUrl,
      DATABASE_APP_PASSWORD: TEST_ROLE_PASSWORDS.app,
      DATABASE_WORKER_PASSWORD: TEST_ROLE_PASSWORDS.worker,
      DATABASE_SYSTEM_PASSWORD: TEST_ROLE_PASSWORDS.system,
      DATABASE_AUTH_PASSWORD: TEST_ROLE_PASSWORDS.auth,
    });
    const [code] = (await once(migrate.child, 'exit')) as [number | null];
    expect(code, migrate.output()).toBe(0);
    expect(migrate.output()).toContain('service roles can log in');
  }, 120_000);

  it('starts the API, which answers /api/health within DATABASE_POOL_SIZE connections, and the job runner; both stop cleanly on SIGTERM', async () => {
    const urls = databaseUrls(ownerUrl, TEST_ROLE_PASSWORDS);
    const keys = generateSecretsKeyPair();
    const apiPort = await freePort();
    const api = runAsImage('api', 'api', {
      // The image listens on every interface; a test machine keeps it on loopback.
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      DATABASE_APP_URL: urls.app,
      DATABASE_SYSTEM_URL: urls.system,
      DATABASE_AUTH_URL: urls.auth,
      BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
      SWITCHBOARD_SECRETS_PUBLIC_KEY: keys.publicKey,
      DATABASE_POOL_SIZE: '2',
    });
    const jobs = runAsImage('jobs', 'worker', {
      DATABASE_WORKER_URL: urls.worker,
      DATABASE_SYSTEM_URL: urls.system,
      SWITCHBOARD_SECRETS_PRIVATE_KEY: keys.privateKey,
    });

    let health: unknown;
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${apiPort}/api/health`).catch(() => undefined);
        if (response?.status !== 200) return false;
        health = await response.json();
        return true;
      },
      api.child,
      api.output,
    );
    expect(health).toEqual({ status: 'ok', database: 'ok', down: [] });
    // However many requests arrive at once, the tenant pool opens at most DATABASE_POOL_SIZE connections.
    await Promise.all(Array.from({ length: 16 }, () => fetch(`http://127.0.0.1:${apiPort}/api/health`)));
    expect(await connectionsOf('api')).toBeGreaterThan(0);
    expect(await connectionsOf('api')).toBeLessThanOrEqual(2);
    await waitFor(() => jobs.output().includes('job runner started'), jobs.child, jobs.output);

    expect(await stop(api.child), api.output()).toBe(0);
    expect(await stop(jobs.child), jobs.output()).toBe(0);
  }, 150_000);
});
