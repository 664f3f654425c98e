import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { type DestinationStream, type Logger, pino } from 'pino';
import { redactUrl } from './redact-url.ts';

/** Headers that carry credentials: logged as [Redacted], whatever the level. */
const REDACTED = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'];

/**
 * Fastify's request serializer, with the URL's tokens (verification, reset, invitation, OAuth) redacted:
 * the one place a request is turned into a log line.
 */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: REDACTED, serializers: { req: serializeRequest } }, destination);
}

/**
 * One line per request at `info`, when it completes, carrying the request too: Fastify's default writes two
 * ("incoming request", then "request completed"). With telemetry on, every line is also exported as an
 * OpenTelemetry log record, at about 40 µs of CPU each (packages/telemetry/src/start-telemetry.ts).
 * "incoming request" is kept at `debug`, for a request whose response never finishes.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
