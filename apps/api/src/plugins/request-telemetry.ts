import { type ServerRequestTelemetry, startServerRequest } from '@switchboard/telemetry/server-telemetry';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server span and duration metric, from its first hook on. */
    serverTelemetry: ServerRequestTelemetry | null;
  }
}

/**
 * Every request the API answers gets its server span and its `http.server.request.duration` point
 * (packages/telemetry/src/server-telemetry.ts). Registered before any other hook, so that the rest of the
 * request (access checks, the handler, its statements and the jobs it queues) runs inside the span. The
 * API's server side is not instrumentation-http's (packages/telemetry/src/register.ts). Kept on the request
 * (a decoration, so every request has the same shape) rather than in a WeakMap, whose entries each young
 * collection has to visit.
 */
export function registerRequestTelemetry(app: FastifyInstance): void {
  app.decorateRequest('serverTelemetry', null);
  app.addHook('onRequest', (request, _reply, done) => {
    const telemetry = startServerRequest({
      method: request.method,
      url: request.url,
      scheme: request.protocol,
      route: request.routeOptions.url,
      headers: request.headers,
    });
    request.serverTelemetry = telemetry;
    telemetry.run(done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.serverTelemetry?.end({ statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    request.serverTelemetry?.end({ aborted: true });
    done();
  });
}
