import type { ErrorBody } from '@switchboard/contracts/common';

/** An API failure, carrying the server's code and, for validation errors, a message per field. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, body: ErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.fieldErrors = fieldErrorsOf(body.details);
  }
}

function fieldErrorsOf(details: unknown): Record<string, string> {
  if (!Array.isArray(details)) return {};
  const errors: Record<string, string> = {};
  for (const detail of details) {
    if (typeof detail?.path === 'string' && typeof detail.message === 'string') {
      const field = detail.path.replace(/^body\./, '');
      errors[field] ??= detail.message;
    }
  }
  return errors;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls the Switchboard API on this origin with the session cookie; resolves to the JSON body. */
export async function api<T>(path: string, options: { method?: Method; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  }).catch(() => {
    throw new ApiError(0, {
      code: 'NETWORK_ERROR',
      message: 'Switchboard could not be reached. Check your connection and try again.',
    });
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = body?.error ?? { code: 'HTTP_ERROR', message: `The server answered ${response.status}` };
    throw new ApiError(response.status, error);
  }
  return body as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
