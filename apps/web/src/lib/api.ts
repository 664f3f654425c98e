import type { ErrorBody } from '@switchboard/contracts/common';
import type { paths } from '@switchboard/contracts/generated/openapi';
import createClient, {
  type ClientOptions,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';

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

const NETWORK_ERROR = {
  code: 'NETWORK_ERROR',
  message: 'Switchboard could not be reached. Check your connection and try again.',
};

/** Every failure becomes an ApiError: an answer other than 2xx with the server's error, no answer NETWORK_ERROR. */
const throwApiErrors: Middleware = {
  onError: () => new ApiError(0, NETWORK_ERROR),
  async onResponse({ response }) {
    if (response.ok) return;
    const body = (await response.json().catch(() => undefined)) as Partial<ErrorBody> | undefined;
    throw new ApiError(
      response.status,
      body?.error ?? { code: 'HTTP_ERROR', message: `The server answered ${response.status}` },
    );
  },
};

type RequiredKeysOf<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
/** The request options, optional when the route needs no parameters and no body (as openapi-fetch has it). */
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [Init?] : [Init];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Route<M extends Method> = ClientPathsWithMethod<ReturnType<typeof createClient<paths>>, M>;

/** A route's successful JSON body (undefined for 204), typed from the OpenAPI document. */
type Success<Operation, Init> =
  Operation extends Record<string | number, unknown>
    ? Exclude<FetchResponse<Operation, Init, 'application/json'>['data'], undefined> extends infer Body
      ? [Body] extends [never]
        ? undefined
        : Body
      : never
    : never;

/** Resolves to the route's successful body; failures reject with ApiError. */
type TypedCall<M extends Method> = <Path extends Route<M>, Init extends MaybeOptionalInit<paths[Path], M>>(
  route: Path,
  ...init: InitParam<Init>
) => Promise<Success<paths[Path][M], Init>>;

/**
 * The Switchboard API client, typed from the OpenAPI document (`npm run api:codegen`): a route, parameter
 * or body that is not the API's fails the type check. Routes are named without /api/v1, e.g.
 * `client.GET('/orgs/{orgId}/agents', { params: { path: { orgId } } })`. The dashboard's `client` uses this
 * origin's session cookie; a script passes its own `baseUrl` and `headers: { authorization: 'Bearer sb_key_…' }`.
 */
export function createApiClient(options: ClientOptions = {}) {
  const client = createClient<paths>({ baseUrl: '/api/v1', credentials: 'same-origin', ...options });
  client.use(throwApiErrors);
  const call =
    <M extends Method>(method: M): TypedCall<M> =>
    async (route, ...init) =>
      // biome-ignore lint/suspicious/noExplicitAny: one generic call for every method; TypedCall types the callers.
      (await client.request(method, route as any, ...(init as [any]))).data;
  return {
    GET: call('get'),
    POST: call('post'),
    PUT: call('put'),
    PATCH: call('patch'),
    DELETE: call('delete'),
  };
}

/** The dashboard's client: same origin, the session cookie. */
export const client = createApiClient();

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
