import {
  type HttpToolConfig,
  HttpToolConfigSchema,
  McpToolConfigSchema,
  type ToolKind,
  type UpdatedTool,
  type UpdateTool,
} from '@switchboard/contracts/tools';
import { toolConfigSchemaOf } from '@switchboard/tools/function-definitions';
import { originsOf } from '@switchboard/tools/kinds/http/destinations';
import { mcpOriginsOf } from '@switchboard/tools/kinds/mcp/mcp-destinations';
import type { OrgScope } from '../access/actor.ts';
import { authorize } from '../access/authorize.ts';
import { AppError, invalidFields } from '../errors.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { checkHttpConfig } from './check-http-config.ts';
import { checkSecretValues } from './check-secret-values.ts';
import { findTool } from './find-tool.ts';
import { writeToolSecrets } from './write-tool-secrets.ts';

function parseConfig(kind: ToolKind, config: unknown) {
  const parsed = toolConfigSchemaOf(kind).safeParse(config);
  if (parsed.success) {
    if (kind === 'http') checkHttpConfig(parsed.data as HttpToolConfig);
    return parsed.data;
  }
  throw invalidFields(
    parsed.error.issues.map((issue) => ({
      path: ['config', ...issue.path].join('.'),
      message: issue.message,
    })),
  );
}

/**
 * How a new configuration moves an HTTP tool: `none` when it reaches no origin the old one did not;
 * `first` when the old one reached none at all (a tool whose secrets were set before its first function);
 * `elsewhere` when it adds an origin to those the secrets were given for.
 */
function moveOf(kind: ToolKind, previous: unknown, next: unknown): 'none' | 'first' | 'elsewhere' {
  const known = originsOfTool(kind, previous) ?? new Set<string>();
  if (![...(originsOfTool(kind, next) ?? [])].some((origin) => !known.has(origin))) return 'none';
  return known.size === 0 ? 'first' : 'elsewhere';
}

/** Where a tool's secrets are sent: its HTTP functions' origins, or its MCP server's. */
function originsOfTool(kind: ToolKind, config: unknown): Set<string> | undefined {
  if (kind === 'mcp') {
    const parsed = McpToolConfigSchema.safeParse(config);
    return parsed.success ? mcpOriginsOf(parsed.data) : undefined;
  }
  const parsed = HttpToolConfigSchema.safeParse(config);
  return parsed.success ? originsOf(parsed.data) : undefined;
}

/**
 * Renames a tool, replaces its configuration, sets and deletes its secrets. A secret is bound to the
 * origins it was given for: a configuration that reaches a new origin deletes the secrets not given again
 * in the same request (they are returned as `droppedSecrets`); a tool that reached none yet (secrets set
 * before the first function) binds them to its first origins. Setting secrets, and giving a tool that has
 * secrets a new origin, needs `tools:secrets` besides the route's `tools:write`.
 */
export async function updateTool(
  { tx, membership }: OrgScope,
  toolId: string,
  input: UpdateTool,
  { secretSealer }: { secretSealer: SecretSealer },
): Promise<UpdatedTool> {
  const tool = await findTool(tx, toolId);
  if (input.secrets && tool.kind === 'google_calendar') {
    throw new AppError(
      'VALIDATION_ERROR',
      'Google Calendar credentials come from connecting a Google account',
    );
  }
  const config = input.config === undefined ? undefined : parseConfig(tool.kind, input.config);
  const move =
    (tool.kind === 'http' || tool.kind === 'mcp') && config !== undefined && tool.secrets.length > 0
      ? moveOf(tool.kind, tool.config, config)
      : 'none';
  if (move !== 'none' && !membership.permissions.includes('tools:secrets')) {
    throw new AppError(
      'FORBIDDEN',
      'This change sends the tool’s requests to another server, which would take its secrets along; it needs tools:secrets',
    );
  }
  if (input.secrets) authorize(membership, 'tools:secrets');
  checkSecretValues(tool.kind, config ?? tool.config, input.secrets);

  await tx
    .updateTable('tools')
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(config !== undefined && { config: JSON.stringify(config) }),
      updatedAt: new Date(),
    })
    .where('id', '=', toolId)
    .execute();
  const droppedSecrets =
    move === 'elsewhere'
      ? tool.secrets.map(({ name }) => name).filter((name) => !Object.hasOwn(input.secrets ?? {}, name))
      : [];
  const writes = { ...Object.fromEntries(droppedSecrets.map((name) => [name, null])), ...input.secrets };
  if (Object.keys(writes).length > 0) {
    await writeToolSecrets(tx, secretSealer, { organizationId: membership.organizationId, toolId }, writes);
  }
  return { ...(await findTool(tx, toolId)), droppedSecrets };
}
