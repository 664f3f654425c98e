// The platform through a database outage: starts the API and the job runner as `npm start` does (their own
// environments, their own database logins) against a throwaway embedded PostgreSQL, drives steady traffic,
// then stops and restarts PostgreSQL, then pauses it (SIGSTOP) and resumes it, and prints what the traffic
// got in each phase. Stops by itself: every phase is bounded. How to read it: docs/operations/fault-drill.md.
// Run: node --import tsx bench/fault-drill.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrls } from '@switchboard/db/connections';
import {
  type FaultCluster,
  freePort,
  startFaultCluster,
  TEMPLATE_DATABASE,
  TEST_ROLE_PASSWORDS,
} from '@switchboard/db/test-cluster';
import pg from 'pg';
import { loadLocalSecrets } from '../scripts/lib/local-secrets.ts';
import { waitForHttp } from '../scripts/lib/processes.ts';
import { apiProcessEnv, workerTierProcessEnv } from '../scripts/lib/service-env.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** One request every this many ms, alternating the health check and a signed-in list route. */
const INTERVAL_MS = 100;
/** A request the API has not answered by then counts as an error (no answer). */
const REQUEST_TIMEOUT_MS = 10_000;
/** After a recovery: keep going this long past the first 2xx, and give up on recovery after `maxMs`. */
const AFTER_RECOVERY_MS = 3_000;
const RECOVERY_MAX_MS = 30_000;
/** The whole drill, setup included; past it everything is stopped and the drill fails. */
const DRILL_DEADLINE_MS = 5 * 60_000;

interface Tally {
  ok: number;
  unavailable: number;
  otherServerError: number;
  other: number;
  errors: number;
  /** The longest a request of the phase took to be answered or given up, in seconds. */
  slowestSeconds: number;
  /** Seconds from the start of the phase to its first 2xx of the signed-in route. */
  firstOkSeconds?: number;
}

interface Target {
  url: string;
  headers: Record<string, string>;
  isSignedIn: boolean;
}

interface Service {
  name: string;
  child: ChildProcess;
  output: string[];
}

const say = (line: string) => console.log(`[drill] ${line}`);
const services: Service[] = [];
let cluster: FaultCluster | undefined;
let dataDir: string | undefined;

const watchdog = setTimeout(() => {
  say(`did not finish within ${DRILL_DEADLINE_MS / 1000}s; stopping`);
  void cleanUp().finally(() => process.exit(2));
}, DRILL_DEADLINE_MS);

try {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-drill-'));
  say('starting a throwaway PostgreSQL (migrated)…');
  cluster = await startFaultCluster();
  const ownerUrl = new URL(cluster.serverUrl);
  ownerUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const urls = databaseUrls(ownerUrl.toString(), TEST_ROLE_PASSWORDS);
  const { secrets } = await loadLocalSecrets(dataDir);
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Nothing of the operator's .env: no provider is called, emails go to the local mailbox.
    DATABASE_URL: '',
    RESEND_API_KEY: '',
    SMTP_URL: '',
    LIVEKIT_URL: '',
    GOOGLE_CLIENT_ID: '',
    LOG_LEVEL: 'error',
    // The drill's steady traffic is one user; the limits are for abuse, not for this.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    RATE_LIMIT_ORGANIZATION_PER_MINUTE: '1000000',
  };
  const apiService = startQuiet('api', ['apps/api/src/server.ts'], {
    ...apiProcessEnv({ env, urls, secrets }, { apiPort, publicUrl: api }),
  });
  startQuiet('jobs', ['apps/worker/src/jobs.ts'], workerTierProcessEnv({ env, urls, secrets }));
  await waitForHttp(`${api}/api/health`, () => apiService.child.exitCode === null, 60_000);

  const { cookie, orgId } = await signUpAndCreateOrganization(api, urls.owner);
  const targets: Target[] = [
    { url: `${api}/api/health`, headers: {}, isSignedIn: false },
    { url: `${api}/api/v1/orgs/${orgId}/agents`, headers: { cookie }, isSignedIn: true },
  ];
  const running = cluster;
  const results: [string, Tally][] = [];
  const phase = async (name: string, run: (tally: Tally, started: number) => Promise<void>) => {
    say(`phase: ${name}`);
    const tally: Tally = {
      ok: 0,
      unavailable: 0,
      otherServerError: 0,
      other: 0,
      errors: 0,
      slowestSeconds: 0,
    };
    results.push([name, tally]);
    await run(tally, performance.now());
  };
  const traffic = (tally: Tally, started: number, until: (elapsedMs: number) => boolean) =>
    drive(targets, tally, started, until);
  const untilRecovered = (tally: Tally) => (elapsedMs: number) =>
    elapsedMs >= RECOVERY_MAX_MS ||
    (tally.firstOkSeconds !== undefined && elapsedMs >= tally.firstOkSeconds * 1000 + AFTER_RECOVERY_MS);

  await phase('steady', (tally, started) => traffic(tally, started, (ms) => ms >= 3_000));
  await phase('PostgreSQL stopped', async (tally, started) => {
    await running.stop();
    await traffic(tally, started, (ms) => ms >= 5_000);
  });
  await phase('PostgreSQL started again', async (tally) => {
    await running.start();
    await traffic(tally, performance.now(), untilRecovered(tally));
  });
  await phase('PostgreSQL paused (SIGSTOP)', async (tally, started) => {
    await running.pause();
    await traffic(tally, started, (ms) => ms >= 6_000);
  });
  await phase('PostgreSQL resumed (SIGCONT)', async (tally) => {
    await running.resume();
    await traffic(tally, performance.now(), untilRecovered(tally));
  });

  const openCalls = await countOpenCalls(urls.owner);
  printReport(results, openCalls);
  for (const service of services) {
    const { exitCode, signalCode } = service.child;
    const state =
      exitCode === null && signalCode === null
        ? 'still running'
        : `ended (${signalCode ?? `code ${exitCode}`})`;
    say(`${service.name}: ${state}`);
    if (state !== 'still running') console.log(service.output.slice(-20).join('\n'));
  }
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  for (const service of services) console.log(`[${service.name}]\n${service.output.slice(-20).join('\n')}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}

/** A service as `npm start` runs it, with its output kept for the report instead of printed. */
function startQuiet(name: string, args: string[], env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 200));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const service = { name, child, output };
  services.push(service);
  return service;
}

/**
 * Sends one request every INTERVAL_MS until `until(elapsed)`, without waiting for answers (a stalled
 * request must not slow the traffic), then waits for the ones in flight: each ends by REQUEST_TIMEOUT_MS.
 */
async function drive(
  targets: Target[],
  tally: Tally,
  started: number,
  until: (elapsedMs: number) => boolean,
): Promise<void> {
  const inFlight: Promise<void>[] = [];
  for (let i = 0; !until(performance.now() - started); i++) {
    const target = targets[i % targets.length]!;
    const sent = performance.now();
    inFlight.push(
      fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status >= 200 && response.status < 300) {
            tally.ok += 1;
            if (target.isSignedIn && tally.firstOkSeconds === undefined) {
              tally.firstOkSeconds = (performance.now() - started) / 1000;
            }
          } else if (response.status === 503) tally.unavailable += 1;
          else if (response.status >= 500) tally.otherServerError += 1;
          else tally.other += 1;
        })
        .catch(() => {
          tally.errors += 1;
        })
        .finally(() => {
          tally.slowestSeconds = Math.max(tally.slowestSeconds, (performance.now() - sent) / 1000);
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  await Promise.all(inFlight);
}

/** Signs a user up and in as the dashboard does (the verification link signs in), and makes an organization. */
async function signUpAndCreateOrganization(api: string, ownerUrl: string) {
  const email = `drill-${Date.now()}@example.test`;
  const headers = { origin: api, 'content-type': 'application/json' };
  const signUp = await fetch(`${api}/api/auth/sign-up/email`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, name: 'Drill', password: 'correct horse battery staple' }),
  });
  if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const { rows } = await owner
    .query<{ text_body: string }>(
      `select text_body from email_outbox where to_address = $1 and template = 'verify-email'`,
      [email],
    )
    .finally(() => owner.end());
  const link = new URL(rows[0]?.text_body.match(/https?:\/\/\S+/)?.[0] ?? '');
  const verified = await fetch(`${api}${link.pathname}${link.search}`, { redirect: 'manual', headers });
  const cookie = verified.headers
    .getSetCookie()
    .find((value) => value.startsWith('better-auth.session_token='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`verification answered ${verified.status} without a session`);
  const created = await fetch(`${api}/api/v1/organizations`, {
    method: 'POST',
    headers: { ...headers, cookie },
    body: JSON.stringify({ name: 'Drill Co' }),
  });
  if (created.status !== 201) throw new Error(`creating the organization answered ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  return { cookie, orgId: id };
}

/** Calls not ended: what an outage must not leave behind. */
async function countOpenCalls(ownerUrl: string): Promise<number> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ open: string }>(
      `select count(*) as open from calls where status in ('created', 'active')`,
    );
    return Number(rows[0]?.open ?? 0);
  } finally {
    await owner.end();
  }
}

function printReport(results: [string, Tally][], openCalls: number) {
  const header = ['phase', '2xx', '503', 'other 5xx', 'other', 'no answer', 'slowest (s)', 'first 2xx (s)'];
  const rows = results.map(([name, tally]) => [
    name,
    String(tally.ok),
    String(tally.unavailable),
    String(tally.otherServerError),
    String(tally.other),
    String(tally.errors),
    tally.slowestSeconds.toFixed(1),
    tally.firstOkSeconds === undefined ? '–' : tally.firstOkSeconds.toFixed(1),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}`);
  for (const row of rows) console.log(line(row));
  console.log(`\ncalls left open: ${openCalls}\n`);
}

async function cleanUp() {
  await Promise.all(
    services.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 8_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await cluster?.destroy();
  cluster = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
