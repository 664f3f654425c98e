import type { AppErrorCode } from '@switchboard/core/errors';
import { AppError, databaseUnavailable, invalidFields } from '@switchboard/core/errors';
import { isDatabaseUnavailable } from '@switchboard/db/database-unavailable';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { redactUrl } from '../redact-url.ts';

const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_VERIFIED: 403,
  WRONG_ACCOUNT: 403,
  NOT_FOUND: 404,
  LAST_ADMIN: 409,
  ROLE_IN_USE: 409,
  ROLE_EXISTS: 409,
  ALREADY_MEMBER: 409,
  INVITATION_PENDING: 409,
  INVITATION_CLOSED: 410,
  AGENT_ARCHIVED: 409,
  VOICE_NOT_CONFIGURED: 409,
  PHONE_NOT_CONFIGURED: 409,
  GOOGLE_NOT_CONFIGURED: 409,
  PHONE_NOT_READY: 409,
  MODEL_NOT_CONFIGURED: 409,
  INSUFFICIENT_CREDITS: 402,
  DAILY_SPEND_CAP_REACHED: 402,
  CONCURRENT_CALL_LIMIT: 429,
  STRIPE_PRICE_IN_USE: 409,
  ALREADY_SUBSCRIBED: 409,
  PAYMENT_PROVIDER_ERROR: 502,
  DELIVERY_PENDING: 409,
  CHAT_ENDED: 409,
  CHAT_BUSY: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** Well-formed input this installation will not process: too many parts, too deep, too slow. */
  TOO_COMPLEX: 422,
  BUSY: 503,
  DATABASE_UNAVAILABLE: 503,
  INVALID_SIGNATURE: 401,
  FOREIGN_ORIGIN: 403,
  RATE_LIMITED: 429,
};

/** Fastify's own 4xx errors, renamed into our vocabulary. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

/**
 * One error shape for every failure: `{ error: { code, message, details? } }`. Validation names each field;
 * a 5xx says nothing about internals (the log has the cause, keyed by the request id).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    // PostgreSQL down, restarting or stalled: whichever pool (tenant, system, better-auth's) said so.
    const error = isDatabaseUnavailable(thrown) ? databaseUnavailable() : thrown;
    if (error instanceof AppError) {
      if (error.code === 'DATABASE_UNAVAILABLE') request.log.warn({ err: thrown }, 'database unavailable');
      // A 429 or 503 says when to come back (rate-limits.ts and databaseUnavailable put the wait in the details).
      const wait = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (wait !== undefined) reply.header('retry-after', String(wait));
      return reply
        .status(STATUS_BY_CODE[error.code])
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const details = error.validation.map((issue) => {
        const field = issue.instancePath.split('/').filter(Boolean).join('.');
        const path = where === 'body' ? field : [where, field].filter(Boolean).join('.');
        return { path, message: issue.message ?? 'is invalid' };
      });
      const { code, message } = invalidFields(details, where);
      return reply.status(400).send({ error: { code, message, details } });
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send({
        error: { code: 'INVALID_JSON', message: `The request body is not valid JSON: ${error.message}` },
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[error.code] ?? (status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST');
      // Fastify's own message does not say what the limit is.
      const message =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `The request body is larger than the ${request.routeOptions.bodyLimit} bytes this endpoint accepts`
          : error.message;
      return reply.status(status).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({
      error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${request.id}).` },
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No route for ${request.method} ${redactUrl(request.url.split('?')[0] ?? '')}`,
      },
    }),
  );
}
