import type { FastifyRequest } from 'fastify';
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
