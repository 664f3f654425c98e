import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import { instruments } from './metrics.ts';

/**
 * Taken once, not per request (the provider builds a key and reads a map at every look-up). Taken before
 * telemetry starts, it is @opentelemetry/api's proxy, which finds the SDK's tracer once there is one.
 */
const tracer = trace.getTracer('switchboard.http');

/** What a server knows of a request when it starts handling it. */
export interface ServerRequest {
  method: string;
  /** The target as requested, query included: exported with its query values and tokens redacted. */
  url: string;
  scheme: string;
  /** The matched route's pattern, never the URL itself; undefined when no route matched. */
  route: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** How the request ended: its response's status, or the client gone before it (`aborted`). */
export type ServerOutcome = { statusCode: number; seconds: number } | { aborted: true };

export interface ServerRequestTelemetry {
  /** Runs the rest of the request's handling with its server span active (a job it queues carries it on). */
  run(work: () => void): void;
  /** Ends the span and records `http.server.request.duration`; calls after the first are ignored. */
  end(outcome: ServerOutcome): void;
}

/**
 * The server span of a request (`{method} {route}`, kind SERVER, continuing the caller's `traceparent`) and
 * OpenTelemetry's HTTP server metric, with the attributes of the semantic conventions. One span per request,
 * and nothing else: @fastify/otel's request and handler spans, with the hooks and wrappers around them, cost
 * the API a third of its telemetry's CPU (docs/performance.md "2026-12-02 13:20"). While telemetry is off,
 * @opentelemetry/api's no-op tracer, propagator and meter answer every call.
 *
 * Most requests are not sampled, and what they pay is what every request pays (docs/performance.md
 * "2026-12-03"): their span is started with the method alone as its name and no attributes, which a span that
 * is not recorded would only build and sanitize to drop; a recorded span gets its name and attributes right
 * after (the samplers OTEL_TRACES_SAMPLER chooses from decide on the trace alone). The metric point's
 * attributes are made once per method, status and route.
 */
export function startServerRequest(request: ServerRequest): ServerRequestTelemetry {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const span = tracer.startSpan(request.method, { kind: SpanKind.SERVER }, parent);
  if (span.isRecording()) {
    if (request.route !== undefined) span.updateName(`${request.method} ${request.route}`);
    span.setAttributes(requestAttributes(request));
  }
  const active = trace.setSpan(parent, span);
  let ended = false;
  return {
    run: (work) => context.with(active, work),
    end(outcome) {
      if (ended) return;
      ended = true;
      if ('aborted' in outcome) {
        // The caller hung up before the answer: no status to record, and no duration worth a metric point.
        span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
        span.end();
        return;
      }
      const { statusCode, seconds } = outcome;
      if (span.isRecording()) {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
        // A server span fails only on a 5xx: a 4xx is the client's error, answered as designed.
        if (statusCode >= 500) {
          span.setAttribute(ATTR_ERROR_TYPE, String(statusCode));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
      }
      span.end();
      instruments.httpServerDuration().record(seconds, durationAttributes(request, statusCode));
    },
  };
}

function requestAttributes(request: ServerRequest): Attributes {
  const queryStart = request.url.indexOf('?');
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: request.method,
    [ATTR_URL_SCHEME]: request.scheme,
    [ATTR_URL_PATH]: queryStart === -1 ? request.url : request.url.slice(0, queryStart),
  };
  if (queryStart !== -1) attributes[ATTR_URL_QUERY] = request.url.slice(queryStart + 1);
  if (request.route !== undefined) attributes[ATTR_HTTP_ROUTE] = request.route;
  return attributes;
}

/**
 * `http.server.request.duration`'s attributes by method, scheme, status and route: a handful of combinations,
 * each made once and frozen (the SDK keeps the object as its series' key). Emptied when full, as routes are
 * declared and methods and statuses few.
 */
const durationAttributesByKey = new Map<string, Attributes>();

function durationAttributes(request: ServerRequest, statusCode: number): Attributes {
  const key = `${request.method} ${request.scheme} ${statusCode} ${request.route ?? ''}`;
  let attributes = durationAttributesByKey.get(key);
  if (attributes === undefined) {
    attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_URL_SCHEME]: request.scheme,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: statusCode,
    };
    if (request.route !== undefined) attributes[ATTR_HTTP_ROUTE] = request.route;
    Object.freeze(attributes);
    if (durationAttributesByKey.size >= 1_000) durationAttributesByKey.clear();
    durationAttributesByKey.set(key, attributes);
  }
  return attributes;
}
