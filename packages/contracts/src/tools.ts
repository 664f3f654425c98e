import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';
import { HTTP_METHODS, MAX_TOOL_FUNCTIONS, OPENAPI_DOCUMENT_MAX_BYTES } from './constants.ts';

export { MAX_TOOL_FUNCTIONS, OPENAPI_DOCUMENT_MAX_BYTES };

/** Function names the model providers accept (OpenAI's rule, the strictest). */
export const FunctionNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Use 1–64 letters, digits, underscores or hyphens');

/** An inline JSON Schema (no $ref) describing a function's arguments; the root is always an object. */
export const ParametersSchema = z
  .object({ type: z.literal('object'), properties: z.record(z.string(), z.unknown()).default({}) })
  .catchall(z.unknown());
export type Parameters = z.infer<typeof ParametersSchema>;

export const HttpMethodSchema = z.enum(HTTP_METHODS);

/**
 * One function of an HTTP tool. Templates use `{{argument}}` for arguments and `{{secrets.name}}` for the
 * tool's encrypted secrets (headers and query only, never the URL path or body, so they cannot be echoed
 * into places a remote server might reflect). Arguments named in `query` become query parameters; with
 * no body template, arguments not used elsewhere are sent as a JSON body for POST, PUT and PATCH.
 */
export const HttpFunctionSchema = z.strictObject({
  name: FunctionNameSchema,
  description: z.string().trim().min(1).max(1024),
  parameters: ParametersSchema,
  method: HttpMethodSchema,
  url: z
    .string()
    .min(1)
    .max(2048)
    .refine(
      // An argument there could send the tool's secrets to any server the model (or a caller) names.
      (url) => !(/^([^:/?#]*:)?(\/\/[^/?#]*)?/.exec(url)?.[0] ?? '').includes('{{'),
      'The scheme, host and port cannot contain {{placeholders}}: put arguments in the path or the query',
    ),
  query: z.array(z.string()).default([]),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().max(20_000).optional(),
  /**
   * How the body is sent. `json` (the default) sends the body template or, without one, the arguments not
   * used elsewhere as JSON; `form` (application/x-www-form-urlencoded, nested objects as `a[b]=c`) and
   * `multipart` (multipart/form-data, plain fields) send those arguments as fields and take no template.
   */
  bodyEncoding: z.enum(['json', 'form', 'multipart']).default('json'),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});
export type HttpFunction = z.infer<typeof HttpFunctionSchema>;
export type HttpBodyEncoding = HttpFunction['bodyEncoding'];

/** A secret of the tool, by name (the value is sealed and opened only in the worker tier). */
const SecretRefSchema = z.string().regex(/^[a-zA-Z0-9_]{1,64}$/, 'Use a secret name');

/**
 * How every request of an HTTP tool authenticates, built by Switchboard from the tool's secrets in the
 * worker tier: an API key (header, query parameter or cookie), a bearer token, HTTP basic (base64 of
 * username and password done by Switchboard), or OAuth2 client credentials (the token is fetched from
 * `tokenUrl` through the egress guard, cached, and fetched again when it expires or a request gets a 401).
 */
export const HttpAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('api_key'),
    in: z.enum(['header', 'query', 'cookie']),
    name: z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/, 'Use a header, query or cookie name'),
    secret: SecretRefSchema,
  }),
  z.strictObject({ type: z.literal('bearer'), secret: SecretRefSchema }),
  z.strictObject({
    type: z.literal('basic'),
    usernameSecret: SecretRefSchema,
    passwordSecret: SecretRefSchema,
  }),
  z.strictObject({
    type: z.literal('oauth2_client_credentials'),
    tokenUrl: z.url({ protocol: /^https?$/ }),
    scopes: z.array(z.string().min(1).max(200)).max(50).default([]),
    clientIdSecret: SecretRefSchema,
    clientSecretSecret: SecretRefSchema,
  }),
]);
export type HttpAuth = z.infer<typeof HttpAuthSchema>;

export const HttpToolConfigSchema = z.strictObject({
  /** Headers sent with every function (e.g. `Authorization: Bearer {{secrets.api_key}}`). */
  headers: z.record(z.string(), z.string()).default({}),
  auth: HttpAuthSchema.optional(),
  functions: z.array(HttpFunctionSchema).max(MAX_TOOL_FUNCTIONS),
});
export type HttpToolConfig = z.infer<typeof HttpToolConfigSchema>;

export const WorkingHoursSchema = z.strictObject({
  /** ISO weekdays, 1 = Monday. */
  days: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  start: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('09:00'),
  end: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('17:00'),
});

/** Filled in by Switchboard when a Google account is connected; shown so people can pick a calendar. */
export const GoogleConnectionInfoSchema = z.strictObject({
  email: z.string().nullable(),
  calendars: z.array(z.strictObject({ id: z.string(), summary: z.string(), primary: z.boolean() })),
});

export const GoogleCalendarConfigSchema = z.strictObject({
  calendarId: z.string().min(1).default('primary'),
  timeZone: z.string().min(1).default('UTC'),
  workingHours: WorkingHoursSchema.default({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
  defaultEventMinutes: z.number().int().min(5).max(480).default(30),
  connection: GoogleConnectionInfoSchema.optional(),
});
export type GoogleCalendarConfig = z.infer<typeof GoogleCalendarConfigSchema>;

export const CallControlConfigSchema = z.strictObject({
  /** E.164 number `transfer_call` dials; without one the function is not offered. */
  transferNumber: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'Use the E.164 format, e.g. +14155550123')
    .optional(),
});
export type CallControlConfig = z.infer<typeof CallControlConfigSchema>;

/**
 * How Switchboard authenticates to an MCP server, from one of the tool's secrets (opened in the worker tier):
 * `Authorization: Bearer <secret>`, or the secret as the value of a header the server names.
 */
export const McpAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), secret: SecretRefSchema }),
  z.strictObject({
    type: z.literal('header'),
    name: z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/, 'Use a header name'),
    secret: SecretRefSchema,
  }),
]);
export type McpAuth = z.infer<typeof McpAuthSchema>;

/**
 * One tool of an MCP server as Switchboard stored it at the last refresh: `name` is what the model sees
 * (the server's name made to fit FunctionNameSchema), `mcpName` what is sent to the server.
 */
export const McpFunctionSchema = z.strictObject({
  name: FunctionNameSchema,
  mcpName: z.string().min(1).max(256),
  description: z.string().max(4096),
  parameters: ParametersSchema,
  /** The server's `readOnlyHint`: a read-only call may be cut off when the caller interrupts. */
  isReadOnly: z.boolean().default(false),
});
export type McpFunction = z.infer<typeof McpFunctionSchema>;

/** What the last "Refresh tools" changed, by function name (shown on the tool's page). */
export const McpRefreshChangesSchema = z.strictObject({
  added: z.array(z.string()),
  changed: z.array(z.string()),
  removed: z.array(z.string()),
});
export type McpRefreshChanges = z.infer<typeof McpRefreshChangesSchema>;

/**
 * A remote MCP server (Streamable HTTP, or the older HTTP+SSE transport as a fallback). Its functions are
 * filled in by a refresh, which lists the server's tools from the worker tier (it needs the credential).
 */
export const McpToolConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  auth: McpAuthSchema.optional(),
  /** Bounds each of connecting, listing and calling. */
  timeoutMs: z.number().int().min(1000).max(60_000).default(15_000),
  functions: z.array(McpFunctionSchema).max(MAX_TOOL_FUNCTIONS).default([]),
  lastRefresh: z.strictObject({ at: TimestampSchema, changes: McpRefreshChangesSchema }).optional(),
});
export type McpToolConfig = z.infer<typeof McpToolConfigSchema>;

export const ToolKindSchema = z.enum(['http', 'google_calendar', 'call_control', 'mcp']);
export type ToolKind = z.infer<typeof ToolKindSchema>;

export const ToolStatusSchema = z.enum(['ready', 'needs_connection', 'broken']);

/** A tool as the API shows it: configuration and metadata, never a secret value. */
export const ToolSchema = z
  .object({
    id: UuidSchema,
    kind: ToolKindSchema,
    name: z.string(),
    status: ToolStatusSchema,
    statusMessage: z.string().nullable(),
    config: z.unknown(),
    /** Which secrets are set; their values never leave the worker tier. */
    secrets: z.array(z.object({ name: z.string(), configured: z.literal(true) })),
    /** Secrets the configuration uses that are not set (the tool cannot work until they are). */
    missingSecrets: z.array(z.string()),
    functions: z.array(z.object({ name: z.string(), description: z.string(), parameters: z.unknown() })),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Tool' });
export type Tool = z.infer<typeof ToolSchema>;

export const SecretNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_]{1,64}$/, 'Use 1–64 letters, digits or underscores');
/** Secret values travel only inbound: the API stores them encrypted and never returns them. */
export const SecretValuesSchema = z.record(SecretNameSchema, z.string().min(1).max(8_192));

const ToolNameSchema = z.string().trim().min(1, 'Give the tool a name').max(120);

export const CreateToolSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('http'),
    name: ToolNameSchema,
    config: HttpToolConfigSchema,
    secrets: SecretValuesSchema.default({}),
  }),
  z.strictObject({
    kind: z.literal('google_calendar'),
    name: ToolNameSchema,
    config: GoogleCalendarConfigSchema.default(GoogleCalendarConfigSchema.parse({})),
  }),
  z.strictObject({
    kind: z.literal('call_control'),
    name: ToolNameSchema,
    config: CallControlConfigSchema.default({}),
  }),
  z.strictObject({
    kind: z.literal('mcp'),
    name: ToolNameSchema,
    config: McpToolConfigSchema,
    secrets: SecretValuesSchema.default({}),
  }),
]);
export type CreateTool = z.infer<typeof CreateToolSchema>;
export type CreateToolInput = z.input<typeof CreateToolSchema>;

export const UpdateToolSchema = z.strictObject({
  name: ToolNameSchema.optional(),
  /** Replaces the whole configuration; checked against the tool's kind. */
  config: z.record(z.string(), z.unknown()).optional(),
  /** A value sets or replaces a secret; null deletes it; secrets not named stay as they are. */
  secrets: z.record(SecretNameSchema, z.string().min(1).max(8_192).nullable()).optional(),
});
export type UpdateTool = z.infer<typeof UpdateToolSchema>;

/**
 * The tool after an update. A secret is bound to the servers it was given for: when a new configuration
 * sends requests to another origin (scheme, host, port), the secrets not given again with it are deleted,
 * and named here so the person can set them again if the new server is meant to have them.
 */
export const UpdatedToolSchema = ToolSchema.extend({ droppedSecrets: z.array(z.string()) }).meta({
  id: 'UpdatedTool',
});
export type UpdatedTool = z.infer<typeof UpdatedToolSchema>;

export const ToolParamsSchema = z.object({ orgId: UuidSchema, toolId: UuidSchema });

export const ToolKindInfoSchema = z
  .object({
    kind: ToolKindSchema,
    name: z.string(),
    description: z.string(),
    needs: z.array(z.string()),
    available: z.boolean(),
    unavailableReason: z.string().nullable(),
    functions: z.array(z.object({ name: z.string(), description: z.string(), parameters: z.unknown() })),
  })
  .meta({ id: 'ToolKindInfo' });
export type ToolKindInfo = z.infer<typeof ToolKindInfoSchema>;

export const CreateToolTestRunSchema = z.strictObject({
  functionName: FunctionNameSchema,
  arguments: z.record(z.string(), z.unknown()).default({}),
});
export type CreateToolTestRun = z.infer<typeof CreateToolTestRunSchema>;

/** One run of "test a function": executed by the worker tier, polled by the dashboard. */
export const ToolTestRunSchema = z
  .object({
    id: UuidSchema,
    functionName: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    status: z.enum(['pending', 'succeeded', 'failed']),
    result: z.unknown(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    createdAt: TimestampSchema,
    finishedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ToolTestRun' });
export type ToolTestRun = z.infer<typeof ToolTestRunSchema>;

export const ToolTestRunParamsSchema = ToolParamsSchema.extend({ runId: UuidSchema });

/**
 * One "Refresh tools" of an MCP tool: the worker tier lists the server's tools and stores them as the
 * tool's functions; the dashboard polls it and shows what changed.
 */
export const McpRefreshSchema = z
  .object({
    id: UuidSchema,
    status: z.enum(['pending', 'succeeded', 'failed']),
    /** Set once succeeded: what changed, and how many functions the tool has now. */
    result: McpRefreshChangesSchema.extend({ count: z.number().int() }).nullable(),
    error: z.string().nullable(),
    createdAt: TimestampSchema,
    finishedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'McpRefresh' });
export type McpRefresh = z.infer<typeof McpRefreshSchema>;

export const McpRefreshParamsSchema = ToolParamsSchema.extend({ refreshId: UuidSchema });

export const OpenApiPreviewRequestSchema = z.strictObject({
  /**
   * An OpenAPI 3.x or Swagger 2.0 document (JSON or YAML) or a Postman collection v2.0/v2.1 (JSON), at most
   * OPENAPI_DOCUMENT_MAX_BYTES (checked by the import: a 413).
   */
  document: z.string().min(1, 'Paste or upload an OpenAPI document'),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * The operations (`GET /pets/{id}`) to build functions for. Without it every operation is built when the
   * document has at most MAX_TOOL_FUNCTIONS; a larger one is only listed, and the picked ones are asked for.
   */
  operations: z.array(z.string().max(2100)).max(MAX_TOOL_FUNCTIONS).optional(),
});
export type OpenApiPreviewRequest = z.infer<typeof OpenApiPreviewRequestSchema>;

/** Every operation of a document as the function it would become; the user then picks which to keep. */
export const OpenApiPreviewSchema = z
  .object({
    title: z.string(),
    version: z.string(),
    baseUrl: z.string().nullable(),
    operations: z.array(
      z.object({
        key: z.string(),
        method: HttpMethodSchema,
        path: z.string(),
        summary: z.string(),
        tags: z.array(z.string()),
        /** Null when the document was only listed (see OpenApiPreviewRequest.operations). */
        function: HttpFunctionSchema.nullable(),
      }),
    ),
    /** What was read: `OpenAPI 3.1`, `Swagger 2.0 (converted to OpenAPI 3)`, `Postman collection v2.1`. */
    format: z.string(),
    /**
     * The authentication the document declares, each with the secrets it needs (first the one its global
     * `security` asks for); `auth` goes into the tool's configuration, the secrets' values are asked for.
     */
    authentication: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        auth: HttpAuthSchema,
        secrets: z.array(z.object({ name: z.string(), label: z.string() })),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'OpenApiPreview' });
export type OpenApiPreview = z.infer<typeof OpenApiPreviewSchema>;
