import { request as httpRequest } from 'node:http';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startInMemoryTelemetry } from './in-memory-telemetry.ts';

// The API's own server spans (apps/api/src/plugins/request-telemetry.ts) on a Fastify of their own, so that
// each case shapes its request: a body that arrives late, a caller's traceparent, a hang-up.
const otel = await startInMemoryTelemetry({ incomingHttpSpans: false });
const { default: Fastify } = await import('fastify');
const { registerRequestTelemetry } = await import('../../../apps/api/src/plugins/request-telemetry.ts');

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const app = Fastify({ forceCloseConnections: true });
let baseUrl: string;
/** The span the handler saw as active, by the request's `x-case` header. */
const seenByHandler = new Map<string, string | undefined>();
let releaseSlowHandler: (() => void) | undefined;

beforeAll(async () => {
  registerRequestTelemetry(app);
  app.post('/things/:id', async (request) => {
    seenByHandler.set(String(request.headers['x-case']), trace.getActiveSpan()?.spanContext().spanId);
    return { ok: true };
  });
  app.get('/broken', async () => {
    throw new Error('boom');
  });
  app.get('/missing', async (_request, reply) => reply.code(404).send({ error: 'not_found' }));
  app.get('/slow', async () => {
    await new Promise<void>((resolve) => {
      releaseSlowHandler = resolve;
    });
    return { ok: true };
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await otel.telemetry.shutdown();
});

const serverSpans = (): ReadableSpan[] =>
  otel.spans.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);

/** Sends a request whose body arrives in two parts, 50 ms apart: read through the socket's events. */
function postInParts(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.write('{"name":');
    setTimeout(() => request.end('"lamp"}'), 50);
  });
}

describe('the API request span', () => {
  it('continues the caller’s trace, names the route and keeps the handler (after a late body) inside it', async () => {
    const status = await postInParts('/things/42?token=s3cret&page=2', {
      'x-case': 'late-body',
      traceparent: `00-${CALLER_TRACE}-b7ad6b7169203331-01`,
    });
    expect(status).toBe(200);
    await vi.waitFor(() => expect(serverSpans().some((span) => span.name === 'POST /things/:id')).toBe(true));
    const span = serverSpans().find((each) => each.name === 'POST /things/:id')!;
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(seenByHandler.get('late-body')).toBe(span.spanContext().spanId);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/things/:id',
      'url.path': '/things/42',
      'url.scheme': 'http',
      'http.response.status_code': 200,
    });
    // Query values never leave the process (RedactingSpanProcessor), their names do.
    expect(span.attributes['url.query']).toBe('token=[redacted]&page=[redacted]');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('fails on a 5xx only: a 4xx is answered as designed', async () => {
    expect((await fetch(`${baseUrl}/broken`)).status).toBe(500);
    expect((await fetch(`${baseUrl}/missing`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/nowhere`)).status).toBe(404);
    await vi.waitFor(() => expect(serverSpans().length).toBeGreaterThanOrEqual(4));
    const byName = new Map(serverSpans().map((span) => [span.name, span]));
    expect(byName.get('GET /broken')?.status.code).toBe(SpanStatusCode.ERROR);
    expect(byName.get('GET /broken')?.attributes['error.type']).toBe('500');
    expect(byName.get('GET /missing')?.status.code).toBe(SpanStatusCode.UNSET);
    // No route matched: the method alone, and no URL in the name.
    expect(byName.get('GET')?.attributes).toMatchObject({
      'url.path': '/nowhere',
      'http.response.status_code': 404,
    });
  });

  it('ends the span of a request whose caller hung up before the answer', async () => {
    const controller = new AbortController();
    const sent = fetch(`${baseUrl}/slow`, { signal: controller.signal }).catch(() => undefined);
    await vi.waitFor(() => expect(releaseSlowHandler).not.toBe(undefined));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await sent;
    await vi.waitFor(() => expect(serverSpans().some((span) => span.name === 'GET /slow')).toBe(true));
    releaseSlowHandler?.();
    const span = serverSpans().find((each) => each.name === 'GET /slow')!;
    expect(span.attributes['error.type']).toBe('aborted');
    expect(span.attributes['http.response.status_code']).toBeUndefined();
  });

  it('records http.server.request.duration by route, never by URL', async () => {
    await otel.telemetry.flush();
    const points = otel.pointsOf('http.server.request.duration');
    expect(points).toContainEqual({
      'http.request.method': 'POST',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'http.route': '/things/:id',
    });
    expect(points).toContainEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.response.status_code': 404,
    });
  });
});
