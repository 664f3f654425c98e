import {
  MAX_TOOL_FUNCTIONS,
  type McpFunction,
  McpFunctionSchema,
  type McpRefreshChanges,
} from '@switchboard/contracts/tools';
import { ToolCallError } from '../../tool-function.ts';
import { createRedactor } from '../http/redaction.ts';
import { describeMcpError, type McpServerTarget, openMcpSession } from './mcp-session.ts';

/** The most pages of `tools/list` read: a server paging one tool at a time still fits MAX_TOOL_FUNCTIONS. */
const MAX_PAGES = MAX_TOOL_FUNCTIONS;

/** An MCP tool name (up to 128 characters, dots and slashes allowed) as a name every model provider accepts. */
function functionNameOf(mcpName: string, taken: Set<string>): string {
  const base = mcpName.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'tool';
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base.slice(0, 60)}_${suffix}`;
  taken.add(name);
  return name;
}

/**
 * Lists the tools of an MCP server (every page) as the functions Switchboard stores: description from the
 * server's description (or title), arguments from its `inputSchema`, read-only from its annotations.
 * The tool's secrets are redacted from what is stored. Throws ToolCallError when the server cannot be listed or has more than MAX_TOOL_FUNCTIONS tools.
 */
export async function listMcpTools(target: McpServerTarget): Promise<McpFunction[]> {
  const host = new URL(target.url).host;
  // What is stored is shown in the dashboard: a credential the server echoes in a description or schema is not.
  const redactor = createRedactor(target.secrets);
  const session = await openMcpSession(target);
  try {
    const tools: McpFunction[] = [];
    const taken = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await session.client
        .listTools(cursor === undefined ? {} : { cursor }, { timeout: target.timeoutMs })
        .catch((error: unknown) => {
          throw new ToolCallError(describeMcpError(error, host));
        });
      for (const tool of result.tools) {
        if (tools.length === MAX_TOOL_FUNCTIONS) {
          throw new ToolCallError(
            `The MCP server at ${host} offers more than ${MAX_TOOL_FUNCTIONS} tools, more than one Switchboard tool holds`,
          );
        }
        const description = (tool.description ?? tool.title ?? tool.annotations?.title ?? '').trim();
        tools.push(
          McpFunctionSchema.parse({
            name: functionNameOf(tool.name, taken),
            mcpName: tool.name,
            description: redactor.text(description || `Runs ${tool.name} on the MCP server`).slice(0, 4096),
            parameters: redactor.json({ ...tool.inputSchema, properties: tool.inputSchema.properties ?? {} }),
            isReadOnly: tool.annotations?.readOnlyHint === true,
          }),
        );
      }
      cursor = result.nextCursor;
      if (!cursor) return tools;
    }
    throw new ToolCallError(`The MCP server at ${host} kept paging its tool list`);
  } finally {
    await session.close();
  }
}

/** JSON with object keys sorted: stored functions come back from jsonb with their keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** What a refresh changes, by function name: a function is changed when its description, arguments or hints differ. */
export function diffMcpFunctions(before: McpFunction[], after: McpFunction[]): McpRefreshChanges {
  const old = new Map(before.map((fn) => [fn.name, canonical(fn)]));
  const now = new Set(after.map((fn) => fn.name));
  return {
    added: after.filter((fn) => !old.has(fn.name)).map((fn) => fn.name),
    changed: after
      .filter((fn) => old.has(fn.name) && old.get(fn.name) !== canonical(fn))
      .map((fn) => fn.name),
    removed: before.filter((fn) => !now.has(fn.name)).map((fn) => fn.name),
  };
}
