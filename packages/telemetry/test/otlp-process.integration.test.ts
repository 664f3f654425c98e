import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCompose } from '../../../scripts/lib/deployment-files.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JOBS_ENTRY = fileURLToPath(new URL('../../../apps/worker/src/jobs.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('./fixtures/probe.ts', import.meta.url));
const LOG_PROBE = fileURLToPath(new URL('./fixtures/log-probe.ts', import.meta.url));
/** How every service is started (scripts/start.ts). */
const NODE_IMPORTS = ['--import', 'tsx', '--import', '@switchboard/telemetry/register'];

interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A local OTLP/HTTP receiver: keeps every export request (JSON or protobuf) as it arrived. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: String(request.headers['content-type']),
        body: Buffer.concat(chunks),
      });
      response.writeHead(200, { 'content-type': String(request.headers['content-type']) });
      response.end(request.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...NODE_IMPORTS, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

let db: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.server.close(resolve));
  await db?.destroy();
});

describe('telemetry in a real process', () => {
  it('is off by default: nothing of the SDK loads, nothing is patched, spans do not record', async () => {
    for (const env of [{}, { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }]) {
      const probe = run([PROBE], env);
      expect(await probe.exited).toBe(0);
      const report = JSON.parse(probe.output());
      expect(report).toEqual({
        sdkLoaded: false,
        instrumentationLoaded: false,
        httpPatched: false,
        recording: false,
        packages: expect.any(Array),
      });
      // Of OpenTelemetry, only the API, whose no-op tracer and meter answer every call site.
      expect((report.packages as string[]).filter((name) => name.startsWith('@opentelemetry/'))).toEqual([
        '@opentelemetry/api',
      ]);
    }
    // The control: with an endpoint, the same process is instrumented.
    const on = run([PROBE], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
    });
    expect(await on.exited).toBe(0);
    const report = JSON.parse(on.output().split('\n')[0]!);
    expect(report).toMatchObject({ sdkLoaded: true, httpPatched: true, recording: true });
    // The configured protocol's exporters and nothing the platform does not use (other protocols, gRPC,
    // Zipkin, Prometheus, B3 or Jaeger propagation): every process would carry them (providers.ts).
    expect(
      (report.packages as string[]).filter((name) => /grpc|zipkin|prometheus|propagator|sdk-node/.test(name)),
    ).toEqual([]);
  }, 60_000);

  it("exports the API's pino lines as log records with trace ids, redacted", async () => {
    receiver.received.length = 0;
    const email = 'probe.user@example.test';
    const probe = run([LOG_PROBE], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
      OTEL_SERVICE_NAME: 'switchboard-probe',
      PROBE_EMAIL: email,
    });
    expect(await probe.exited).toBe(0);
    const traceId = probe.output().trim().split('\n').at(-1)!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const logs = receiver.received
      .filter((request) => request.path === '/v1/logs')
      .map((request) => request.body.toString())
      .join('\n');
    expect(logs).toContain('signed in as');
    expect(logs).toContain(traceId);
    // The environment names the service (the resource every record carries).
    expect(logs).toContain('{"key":"service.name","value":{"stringValue":"switchboard-probe"}}');
    expect(logs).not.toContain(email);
    expect(logs).not.toContain('probe-token-1');
  }, 60_000);

  it('keeps pino lines on stdout with their trace id, and out of OTLP, with OTEL_LOGS_EXPORTER=none', async () => {
    receiver.received.length = 0;
    const probe = run([LOG_PROBE], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
      OTEL_LOGS_EXPORTER: 'none',
      PROBE_EMAIL: 'probe.user@example.test',
    });
    expect(await probe.exited).toBe(0);
    const [line, traceId] = probe.output().trim().split('\n').slice(-2);
    expect(JSON.parse(line!)).toMatchObject({
      msg: expect.stringContaining('signed in as'),
      trace_id: traceId,
    });
    const paths = receiver.received.map((request) => request.path);
    expect(paths).toContain('/v1/traces');
    expect(paths).not.toContain('/v1/logs');
  }, 60_000);

  it("reads the standard variables compose hands every process left empty as unset (the SDK's rule)", async () => {
    receiver.received.length = 0;
    const handed = loadCompose().document['x-telemetry'] as Record<string, string>;
    const empty = Object.fromEntries(Object.keys(handed).map((name) => [name, '']));
    const probe = run([LOG_PROBE], {
      ...empty,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      PROBE_EMAIL: 'probe.user@example.test',
    });
    expect(await probe.exited, probe.output()).toBe(0);
    const traceId = probe.output().trim().split('\n').at(-1)!;
    // The defaults: every trace, exported as protobuf, the log line with it.
    const traces = receiver.received.filter((request) => request.path === '/v1/traces');
    expect(traces.map((request) => request.contentType)).toContain('application/x-protobuf');
    expect(Buffer.concat(traces.map((request) => request.body)).includes(Buffer.from(traceId, 'hex'))).toBe(
      true,
    );
    expect(receiver.received.map((request) => request.path)).toContain('/v1/logs');
  }, 60_000);

  for (const protocol of ['http/json', 'http/protobuf'] as const) {
    it(`the job runner exports a queued job's span in the trace carried by its payload (${protocol})`, async () => {
      receiver.received.length = 0;
      const jobs = run([JOBS_ENTRY], {
        DATABASE_WORKER_URL: db.urls.worker,
        DATABASE_SYSTEM_URL: db.urls.system,
        SWITCHBOARD_SECRETS_PRIVATE_KEY: generateSecretsKeyPair().privateKey,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=sb-test-secret-header',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      });
      // Slow to start on a busy machine (tsx compiles the entry): bounded, polled.
      await vi.waitFor(() => expect(jobs.output()).toContain('job runner started'), {
        timeout: 90_000,
        interval: 200,
      });

      // As the API queues it: the W3C context of its request in the payload (enqueueJob).
      const traceId = randomBytes(16).toString('hex');
      const payload = JSON.stringify({
        outboxId: randomUUID(),
        traceContext: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
      await sql`select jobs.enqueue('send_email', ${payload}::json, 1)`.execute(db.owner);

      const traceBytes = Buffer.from(traceId, 'hex');
      await vi.waitFor(
        () => {
          const traces = receiver.received.filter((request) => request.path === '/v1/traces');
          const found = traces.find((request) =>
            protocol === 'http/json'
              ? request.body.toString().includes(traceId) &&
                request.body.toString().includes('job send_email')
              : request.body.includes(traceBytes) && request.body.includes(Buffer.from('job send_email')),
          );
          expect(found).toBeDefined();
          expect(found?.body.includes(Buffer.from('switchboard-jobs'))).toBe(true);
          expect(found?.body.includes(Buffer.from('deployment.environment.name'))).toBe(true);
        },
        { timeout: 30_000, interval: 100 },
      );
      await vi.waitFor(
        () => expect(receiver.received.some((request) => request.path === '/v1/metrics')).toBe(true),
        { timeout: 30_000, interval: 100 },
      );
      const contentTypes = new Set(receiver.received.map((request) => request.contentType));
      expect([...contentTypes]).toEqual([
        protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
      ]);
      jobs.child.kill('SIGTERM');
      expect(await jobs.exited).toBe(0);
    }, 180_000);
  }
});
