import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';

/** Taken once, as in server-telemetry.ts: a sampled request's every statement would look it up again. */
const tracer = trace.getTracer('switchboard.db');

/** Where a statement goes: what a pg client knows of its connection. */
export interface QueryConnection {
  database?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
}

/**
 * Runs one database statement in a client span of its own, only inside a sampled trace: anywhere else the
 * statement costs one look at the active span. Statement text only, never its parameters' values.
 */
export function traceQuery<T>(
  statement: string,
  connection: QueryConnection,
  run: () => Promise<T>,
): Promise<T> {
  // instrumentation-pg made a (non-recording) span and a histogram point for every query of every request,
  // sampled or not: most of the API's telemetry cost (docs/observability.md "Database queries").
  if (!trace.getActiveSpan()?.isRecording()) return run();
  const operation = operationOf(statement);
  const { database, host, port } = connection;
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
    [ATTR_DB_QUERY_TEXT]: statement,
    ...(operation ? { [ATTR_DB_OPERATION_NAME]: operation } : {}),
    ...(database ? { [ATTR_DB_NAMESPACE]: database } : {}),
    ...(host ? { [ATTR_SERVER_ADDRESS]: host } : {}),
    ...(port ? { [ATTR_SERVER_PORT]: port } : {}),
  };
  // A query has no children: its span is not made the active one.
  const span = tracer.startSpan(spanNameOf(operation, database), { kind: SpanKind.CLIENT, attributes });
  return endedWith(span, run);
}

async function endedWith<T>(span: Span, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The statement's first keyword (SELECT, INSERT, BEGIN…); a tenant transaction's opening is a BEGIN. */
function operationOf(statement: string): string | undefined {
  return /^\s*([a-z]+)/i.exec(statement)?.[1]?.toUpperCase();
}

/** `{db.operation.name} {db.namespace}`, or what there is of it (the semantic conventions' span name). */
function spanNameOf(operation: string | undefined, database: string | undefined): string {
  return [operation, database].filter(Boolean).join(' ') || DB_SYSTEM_NAME_VALUE_POSTGRESQL;
}

function markFailed(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  const sqlState = typeof code === 'string' ? code : undefined;
  span.setAttribute(ATTR_ERROR_TYPE, sqlState ?? (error as object | null)?.constructor?.name ?? 'Error');
  if (sqlState) span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, sqlState);
  // A data exception's message (SQLSTATE class 22) quotes the value it could not read, which may be a
  // parameter (`invalid input syntax for type uuid: "…"`): its code says enough.
  const message = error instanceof Error && !sqlState?.startsWith('22') ? error.message : undefined;
  span.setStatus({ code: SpanStatusCode.ERROR, ...(message ? { message } : {}) });
}
