import { instruments } from '@switchboard/telemetry/metrics';
import type { FastifyInstance } from 'fastify';

/**
 * OpenTelemetry's `http.server.request.duration` for every request the API answers, with the attributes of
 * the semantic conventions (method, scheme, status code, and the route's pattern when one matched, never the
 * URL itself). The API's requests are traced by @fastify/otel instead of instrumentation-http's server side
 * (packages/telemetry/src/register.ts), so the metric is recorded here; a no-op while telemetry is off.
 */
export function registerHttpMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    instruments.httpServerDuration().record(reply.elapsedTime / 1000, {
      'http.request.method': request.method,
      'url.scheme': request.protocol,
      'http.response.status_code': reply.statusCode,
      ...(route !== undefined && { 'http.route': route }),
    });
    done();
  });
}
