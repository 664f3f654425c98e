import {
  CallControlConfigSchema,
  GoogleCalendarConfigSchema,
  type HttpToolConfig,
  type McpToolConfig,
  type ToolKind,
} from '@switchboard/contracts/tools';
import { withTenant } from '@switchboard/db/tenant';
import { callControlFunctions } from '@switchboard/tools/kinds/call-control/call-control-functions';
import { createGoogleCalendarFunctions } from '@switchboard/tools/kinds/google-calendar/create-google-calendar-functions';
import {
  GoogleConnectionBrokenError,
  type GoogleCredentials,
} from '@switchboard/tools/kinds/google-calendar/google-connection';
import { createHttpFunctions } from '@switchboard/tools/kinds/http/create-http-functions';
import { createMcpFunctions } from '@switchboard/tools/kinds/mcp/create-mcp-functions';
import type { ReadyToolFunction } from '@switchboard/tools/tool-function';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import type { CallControl, RuntimeDeps } from './runtime-deps.ts';

/** The secret under which a Google Calendar tool keeps its OAuth tokens (sealed JSON). */
export const GOOGLE_TOKENS_SECRET = 'google_oauth';

export interface StoredTool {
  id: string;
  organizationId: string;
  kind: string;
  name: string;
  config: unknown;
}

/** A built tool: its functions, and what ends the connections they opened (an MCP session). */
export interface BuiltTool {
  functions: ReadyToolFunction[];
  close?: () => Promise<void>;
}

/**
 * The callable functions of one stored tool, with its secrets opened. Throws (with a message fit for the
 * dashboard) when the tool cannot work as configured.
 */
export function buildToolFunctions(
  deps: RuntimeDeps,
  tool: StoredTool,
  secrets: Record<string, string>,
  callControl: CallControl | undefined,
): BuiltTool {
  switch (tool.kind as ToolKind) {
    // HTTP and MCP tools check their stored configuration themselves (zod, with a message fit for the
    // dashboard): parsing it here as well was a second pass over every function's schema at each call setup.
    case 'http':
      return {
        functions: createHttpFunctions({
          config: tool.config as HttpToolConfig,
          secrets,
          fetch: deps.egress.fetch,
        }),
      };
    case 'call_control':
      return { functions: callControlTools(CallControlConfigSchema.parse(tool.config), callControl) };
    case 'google_calendar':
      return { functions: googleCalendarTools(deps, tool, secrets) };
    case 'mcp':
      return createMcpFunctions({
        config: tool.config as McpToolConfig,
        secrets,
        fetch: deps.egress.fetch,
      });
  }
}

function callControlTools(
  config: ReturnType<typeof CallControlConfigSchema.parse>,
  callControl: CallControl | undefined,
): ReadyToolFunction[] {
  const reasonOf = (args: unknown) => (args as { reason?: string } | undefined)?.reason;
  return callControlFunctions(config).map((definition) => ({
    ...definition,
    async execute(args) {
      if (!callControl) return { ok: true, note: 'Not in a call: nothing was ended or transferred' };
      if (definition.name === 'end_call') await callControl.endCall(reasonOf(args));
      else await callControl.transferCall(config.transferNumber ?? '', reasonOf(args));
      return { ok: true };
    },
  }));
}

function googleCalendarTools(deps: RuntimeDeps, tool: StoredTool, secrets: Record<string, string>) {
  if (!deps.google) {
    throw new Error('Google is not configured on this installation (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)');
  }
  const sealedTokens = secrets[GOOGLE_TOKENS_SECRET];
  if (!sealedTokens) throw new Error('No Google account is connected');
  const tenant = { orgId: tool.organizationId };
  const functions = createGoogleCalendarFunctions({
    config: GoogleCalendarConfigSchema.parse(tool.config),
    credentials: JSON.parse(sealedTokens) as GoogleCredentials,
    oauth: { clientId: deps.google.clientId, clientSecret: deps.google.clientSecret },
    ...(deps.google.endpoints && { endpoints: deps.google.endpoints }),
    // Refreshed tokens outlive the call: keep them, sealed, for the next one.
    onTokens: (tokens) =>
      withTenant(deps.workerDb, tenant, async (tx) => {
        await tx
          .updateTable('toolSecrets')
          .set({
            ciphertext: deps.secretBox.seal(
              JSON.stringify(tokens),
              toolSecretContext(tool.id, GOOGLE_TOKENS_SECRET),
            ),
            updatedAt: new Date(),
          })
          .where('toolId', '=', tool.id)
          .where('name', '=', GOOGLE_TOKENS_SECRET)
          .execute();
      }),
  });
  return functions.map((fn) => ({
    ...fn,
    async execute(args: unknown, signal: AbortSignal) {
      try {
        return await fn.execute(args, signal);
      } catch (error) {
        if (error instanceof GoogleConnectionBrokenError) {
          await withTenant(deps.workerDb, tenant, (tx) =>
            tx
              .updateTable('tools')
              .set({ status: 'broken', statusMessage: error.message, updatedAt: new Date() })
              .where('id', '=', tool.id)
              .execute(),
          );
        }
        throw error;
      }
    },
  }));
}
