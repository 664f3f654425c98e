import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@switchboard/db/test-cluster';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY = /Dashboard ready at (\S+)/;
const STARTUP_TIMEOUT_MS = 5 * 60_000;

export interface RunningPlatform {
  url: string;
  /** The embedded PostgreSQL as its superuser, for arranging rows a journey cannot create by hand. */
  ownerDatabaseUrl: string;
  /** Everything the platform printed so far: the operator's terminal, where emails show with their links. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The whole platform exactly as `npm start` runs it, with nothing configured but `env` (e.g. Stripe mode): a
 * throwaway data directory, free ports, and no email service, so emails land in the local mailbox.
 */
export async function startPlatform(env: Record<string, string> = {}): Promise<RunningPlatform> {
  try {
    return await startPlatformOnce(env);
  } catch (error) {
    // Free ports are picked here and bound by the platform a moment later: another process (a second
    // platform, a fake) can take one in between. One more try, on new ports.
    if (!(error instanceof PortTaken)) throw error;
    return startPlatformOnce(env);
  }
}

class PortTaken extends Error {}

async function startPlatformOnce(env: Record<string, string>): Promise<RunningPlatform> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-e2e-'));
  const [pgPort, apiPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      PG_PORT: String(pgPort),
      API_PORT: String(apiPort),
      PORT: String(webPort),
      PUBLIC_URL: `http://localhost:${webPort}`,
      DATABASE_URL: '',
      RESEND_API_KEY: '',
      SMTP_URL: '',
      GOOGLE_CLIENT_ID: '',
      // The journeys' HTTP tools call a shop the test starts on 127.0.0.1, which the egress guard refuses
      // unless the operator allows it.
      EGRESS_ALLOW: '127.0.0.1',
      // Every journey signs up from the same address, 127.0.0.1, more often than a person would.
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
      // info, as an operator runs it: with no email service, each email is printed with its links.
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the platform did not start in time')),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (process.env.E2E_LOG) process.stdout.write(text);
      const ready = READY.exec(text);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const printed = output.join('');
      const Failure = printed.includes('EADDRINUSE') ? PortTaken : Error;
      reject(new Failure(`npm start exited with code ${code}:\n${printed.slice(-4000)}`));
    });
  });
  const secrets = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8'));
  return {
    url,
    ownerDatabaseUrl: `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/switchboard`,
    output: () => output.join(''),
    stop: async () => {
      await stopProcess(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}
