// The API's hot path under load: GET /api/v1/orgs/:orgId/agents as a signed-in member (the real
// apps/api/src/server.ts in a process of its own, started as `npm start` starts it) against a bare Fastify +
// pg route doing the same query without sign-in, tenant transaction or RLS (bench/lib/bare-agents-server.ts),
// both over the same throwaway embedded PostgreSQL with 10 agents. Then the API again with OpenTelemetry
// exporting to a local OTLP receiver. Each run: BENCH_CONNECTIONS (64) concurrent clients over one undici
// Pool for BENCH_SECONDS (10) after a 2 s warm-up; the client keeps the cookies the API sets, as a browser
// does. Prints req/s, p50, p99, CPU per request of the server, PostgreSQL and the clients, the ratio to the
// bare route and the cost of telemetry, with the load average and the CPU the hypervisor stole.
// Figures of runs: docs/performance.md "API throughput". Not asserted anywhere.
// Run: node --import tsx bench/api-throughput.ts
//   (optional: BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_PROFILE; BENCH_ROUNDS (1) interleaved rounds, each
//   configuration's median reported; BENCH_QUICK=1 measures only the API as a member and the bare route, for
//   iterating on the hot path)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { databaseUrls } from '@switchboard/db/connections';
import { startTestCluster, TEMPLATE_DATABASE, TEST_ROLE_PASSWORDS } from '@switchboard/db/test-cluster';
import pg from 'pg';
import { Pool } from 'undici';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
const QUICK = process.env.BENCH_QUICK === '1';
/** Rounds over every configuration; each configuration's median run is reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const AGENTS = 10;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ORIGIN = 'http://localhost:3000';

/** Service processes still running, stopped on the way out whatever happened. */
const children = new Set<ChildProcess>();

const say = (line: string) => console.log(`[api-throughput] ${line}`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function createDatabaseFromTemplate(serverUrl: string) {
  const name = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  await admin.end();
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${name}`;
  return databaseUrls(ownerUrl.toString(), TEST_ROLE_PASSWORDS);
}

/** A service process as scripts/start.ts starts it (tsx, telemetry registered first). */
async function startProcess(entry: string, env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      '@switchboard/telemetry/register',
      // BENCH_PROFILE=<dir>: a CPU profile of each service process, for finding what the hot path spends.
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      entry,
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.add(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return child;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${entry} did not answer within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  children.delete(child);
}

/**
 * CPU milliseconds (user + system) a process has used so far, from /proc: per request, the one figure a
 * machine shared with other work does not distort much (wall time there is mostly waiting for a core).
 */
function cpuMsOf(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100/s).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU milliseconds every PostgreSQL process has used so far (the pool's backends live through a run): with
 * the server's and the client's own, where the two cores go.
 */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuMsOf(Number(entry));
    } catch {} // a process that exited meanwhile
  }
  return total;
}

/**
 * CPU time the hypervisor gave to other guests while this VM wanted it (`steal` in /proc/stat, all cores),
 * ms: a run with much of it measured a slower machine, whatever the code did.
 */
function stolenMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
  return Number(fields[8] ?? 0) * 10;
}

/** Cookies as a browser keeps them: every Set-Cookie replaces (or, when expired, removes) its name. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  take(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  /** The same cookies in a jar of their own: each run starts as the browser signed in. */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A signed-in member of a new organization with AGENTS agents, made through the API itself. */
async function arrange(apiUrl: string, ownerUrl: string) {
  const jar = new CookieJar();
  const send = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        origin: ORIGIN,
        cookie: jar.header(),
        ...(body && { 'content-type': 'application/json' }),
      },
      ...(body && { body: JSON.stringify(body) }),
    });
    jar.take(response.headers.getSetCookie());
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 || response.status === 302 ? null : response.json();
  };
  const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
  await send('POST', '/api/auth/sign-up/email', {
    email,
    name: 'Bench',
    password: 'correct horse battery staple',
  });
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const { rows } = await owner.query(
    `select text_body from email_outbox where to_address = $1 and template = 'verify-email'`,
    [email],
  );
  await owner.end();
  const link = new URL(String(rows[0]?.text_body).match(/https?:\/\/\S+/)?.[0] ?? '');
  await send('GET', `${link.pathname}${link.search}`);
  const { id: orgId } = (await send('POST', '/api/v1/organizations', { name: 'Bench Dental' })) as {
    id: string;
  };
  for (let index = 0; index < AGENTS; index += 1) {
    await send('POST', `/api/v1/orgs/${orgId}/agents`, { name: `Agent ${index}` });
  }
  return { orgId, jar };
}

interface Result {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU time of the server process per request, ms. */
  cpuPerRequest?: number;
  /** CPU time of PostgreSQL per request, ms. */
  postgresCpuPerRequest?: number;
  /** CPU time of this process, the clients, per request, ms. */
  clientCpuPerRequest?: number;
  /** The load average right after the run. */
  load?: string;
  /** CPU time stolen by the hypervisor during the run, as a share of the run's two cores' time. */
  stolen?: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/** CONNECTIONS workers, each sending its next request as soon as the last one answered. */
async function hammer(
  child: ChildProcess,
  baseUrl: string,
  path: string,
  signedIn?: CookieJar,
): Promise<Result> {
  const jar = signedIn?.clone();
  const pool = new Pool(baseUrl, { connections: CONNECTIONS, pipelining: 1 });
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < end) {
        const started = performance.now();
        const response = await pool.request({
          method: 'GET',
          path,
          headers: { origin: ORIGIN, ...(jar && { cookie: jar.header() }) },
        });
        jar?.take(response.headers['set-cookie']);
        await response.body.arrayBuffer();
        latencies.push(performance.now() - started);
        if (response.statusCode !== 200) errors += 1;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      errors,
      perSecond: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  };
  await run(WARM_UP_SECONDS);
  const cpuBefore = cpuMsOf(child.pid);
  const postgresBefore = postgresCpuMs();
  const clientBefore = process.cpuUsage();
  const stolenBefore = stolenMs();
  const runStarted = performance.now();
  const result = await run(SECONDS);
  const stolen = (stolenMs() - stolenBefore) / ((performance.now() - runStarted) * availableParallelism());
  const perRequest = (ms: number) => ms / result.requests;
  const client = process.cpuUsage(clientBefore);
  const measured = {
    cpuPerRequest: perRequest(cpuMsOf(child.pid) - cpuBefore),
    postgresCpuPerRequest: perRequest(postgresCpuMs() - postgresBefore),
    clientCpuPerRequest: perRequest((client.user + client.system) / 1000),
  };
  await pool.close();
  return { ...result, ...measured, load: load(), stolen };
}

const show = (name: string, r: Result) =>
  say(
    `${name}: ${Math.round(r.perSecond)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.cpuPerRequest?.toFixed(2)} ms CPU/request (PostgreSQL ${r.postgresCpuPerRequest?.toFixed(2)}, clients ${r.clientCpuPerRequest?.toFixed(2)}; ${r.requests} requests, ${r.errors} not 200; load ${r.load}; stolen ${((r.stolen ?? 0) * 100).toFixed(1)}%)`,
  );

/** A local OTLP/HTTP receiver that accepts and counts every export (what a collector would do first). */
async function startReceiver() {
  let exports = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exports += 1;
      response.writeHead(200, { 'content-type': String(request.headers['content-type']) });
      response.end(request.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports: () => exports,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function main() {
  say(`${CONNECTIONS} connections, ${SECONDS} s per run; load average ${load()}`);
  const cluster = await startTestCluster();
  const receiver = await startReceiver();
  try {
    const urls = await createDatabaseFromTemplate(cluster.serverUrl);
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const apiEnv: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      API_PORT: String(apiPort),
      DATABASE_APP_URL: urls.app,
      DATABASE_SYSTEM_URL: urls.system,
      DATABASE_AUTH_URL: urls.auth,
      BETTER_AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      SWITCHBOARD_SECRETS_PUBLIC_KEY: generateSecretsKeyPair().publicKey,
      PUBLIC_URL: ORIGIN,
      LOG_LEVEL: 'warn',
      // One member hammering one organization: only the limits' bookkeeping is measured, never a 429.
      RATE_LIMIT_USER_PER_MINUTE: '100000000',
      RATE_LIMIT_ORGANIZATION_PER_MINUTE: '100000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
    };
    const api = 'apps/api/src/server.ts';
    const health = `${apiUrl}/api/health`;
    const arranging = await startProcess(api, apiEnv, health);
    const { orgId, jar } = await arrange(apiUrl, urls.owner);
    await stopProcess(arranging);
    const path = `/api/v1/orgs/${orgId}/agents`;
    const barePort = await freePort();
    const telemetry = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'switchboard-api' };

    /** Each configuration: a fresh server process, hammered. */
    const configurations: { name: string; measure: () => Promise<Result> }[] = [
      { name: 'API as a member', measure: () => measureApi(apiEnv) },
      {
        name: 'bare Fastify + pg',
        measure: async () => {
          const child = await startProcess(
            'bench/lib/bare-agents-server.ts',
            { BARE_DATABASE_URL: urls.owner, BARE_PORT: String(barePort) },
            `http://127.0.0.1:${barePort}/orgs/${orgId}/agents`,
          );
          const result = await hammer(child, `http://127.0.0.1:${barePort}`, `/orgs/${orgId}/agents`);
          await stopProcess(child);
          return result;
        },
      },
      ...(QUICK
        ? []
        : [
            // The session read from the database in every request (the cookie cache off), for what the cache does.
            {
              name: 'API as a member, session cache off',
              measure: () => measureApi({ ...apiEnv, AUTH_SESSION_CACHE_SECONDS: '0' }),
            },
            { name: 'API as a member, telemetry on', measure: () => measureApi({ ...apiEnv, ...telemetry }) },
            // One trace in ten kept (the standard sampler variables; metrics and logs unchanged).
            {
              name: 'API as a member, telemetry on, 10% of traces',
              measure: () =>
                measureApi({
                  ...apiEnv,
                  ...telemetry,
                  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
                  OTEL_TRACES_SAMPLER_ARG: '0.1',
                }),
            },
          ]),
    ];
    async function measureApi(env: NodeJS.ProcessEnv): Promise<Result> {
      const child = await startProcess(api, env, health);
      const result = await hammer(child, apiUrl, path, jar);
      await stopProcess(child);
      return result;
    }

    // Rounds interleave the configurations, so that a slower minute of a shared machine hits them all; each
    // configuration's median run (by req/s) is compared.
    const runs = new Map<string, Result[]>(configurations.map(({ name }) => [name, []]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const { name, measure } of configurations) {
        const result = await measure();
        runs.get(name)?.push(result);
        if (ROUNDS > 1) show(`round ${round}, ${name}`, result);
      }
    }
    const median = (name: string): Result => {
      const sorted = [...(runs.get(name) ?? [])].sort((a, b) => a.perSecond - b.perSecond);
      const middle = sorted[Math.floor(sorted.length / 2)];
      if (!middle) throw new Error(`no run of ${name}`);
      return middle;
    };
    for (const { name } of configurations) show(ROUNDS > 1 ? `${name} (median)` : name, median(name));
    const member = median('API as a member');
    const bare = median('bare Fastify + pg');
    say(
      `ratio member/bare: ${(member.perSecond / bare.perSecond).toFixed(2)} (target ≥ 0.5); p99 ${member.p99.toFixed(1)} ms (target ≤ 50)`,
    );
    if (QUICK) return;
    const traced = median('API as a member, telemetry on');
    const sampled = median('API as a member, telemetry on, 10% of traces');
    say(
      `telemetry cost: ${((1 - traced.perSecond / member.perSecond) * 100).toFixed(1)}% of throughput with every trace, ${((1 - sampled.perSecond / member.perSecond) * 100).toFixed(1)}% with 10% (target ≤ 5%); ${receiver.exports()} OTLP exports received`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await receiver.close();
    await cluster.stop();
  }
}

await main();
