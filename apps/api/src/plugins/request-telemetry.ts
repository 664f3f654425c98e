import { type ServerRequestTelemetry, startServerRequest } from '@switchboard/telemetry/server-telemetry';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Every request the API answers gets its server span and its `http.server.request.duration` point
 * (packages/telemetry/src/server-telemetry.ts). Registered before any other hook, so that the rest of the
 * request (access checks, the handler, its statements and the jobs it queues) runs inside the span. The
 * API's server side is not instrumentation-http's (packages/telemetry/src/register.ts).
 */
export function registerRequestTelemetry(app: FastifyInstance): void {
  const requests = new WeakMap<FastifyRequest, ServerRequestTelemetry>();
  app.addHook('onRequest', (request, _reply, done) => {
    const telemetry = startServerRequest({
      method: request.method,
      url: request.url,
      scheme: request.protocol,
      route: request.routeOptions.url,
      headers: request.headers,
    });
    requests.set(request, telemetry);
    telemetry.run(done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    requests.get(request)?.end({ statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    requests.get(request)?.end({ aborted: true });
    done();
  });
}
