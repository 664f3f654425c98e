import { CallToolResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { type McpToolConfig, McpToolConfigSchema } from '@switchboard/contracts/tools';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import { type ReadyToolFunction, ToolCallError } from '../../tool-function.ts';
import { validateArguments } from '../../validate-arguments.ts';
import { createRedactor } from '../http/redaction.ts';
import { mcpResultText } from './mcp-result.ts';
import { describeMcpError, type McpSession, openMcpSession } from './mcp-session.ts';

export interface CreateMcpFunctionsInput {
  config: McpToolConfig;
  secrets: Record<string, string>;
  /** The egress guard's fetch: the server's address is the tenant's choice. */
  fetch: EgressFetch;
  /** Longest result handed to the model, in characters. Default 4000. */
  maxResponseChars?: number;
}

/** The functions of an MCP tool, and the end of their shared session. */
export interface McpFunctions {
  functions: ReadyToolFunction[];
  /** Closes the session with the server, when one was opened; called when the conversation ends. */
  close(): Promise<void>;
}

/**
 * Builds the callable functions of an MCP tool from the list its last refresh stored. The functions of one
 * build (one conversation, one test run) share one session with the server, opened on the first call and
 * kept until `close`; a session that failed to open, or whose transport failed, is opened again on the
 * next call. Each call validates the arguments against the stored `inputSchema`, is bounded by the
 * tool's timeout and the caller's signal, and answers with the result as text, the tool's secrets
 * redacted; a result the server marks as an error, a refused credential, an unreachable or refused
 * address, and a timeout are ToolCallErrors naming the host, never the URL (nor a secret).
 */
export function createMcpFunctions(input: CreateMcpFunctionsInput): McpFunctions {
  const config = McpToolConfigSchema.parse(input.config);
  const host = new URL(config.url).host;
  const target = {
    url: config.url,
    auth: config.auth,
    secrets: input.secrets,
    fetch: input.fetch,
    timeoutMs: config.timeoutMs,
  };
  if (config.auth && input.secrets[config.auth.secret] === undefined) {
    throw new ToolCallError(`The MCP server's credential (secret ${config.auth.secret}) is not set`);
  }
  const maxChars = input.maxResponseChars ?? 4000;
  // A server that echoes the credential (in a result or an error) must not hand it to the model.
  const redactor = createRedactor(input.secrets);
  let session: Promise<McpSession> | undefined;
  const sessionFor = () => {
    session ??= openMcpSession(target);
    // A failed connection is not kept: the next call tries again.
    session.catch(() => {
      session = undefined;
    });
    return session;
  };

  const functions = config.functions.map(
    (fn): ReadyToolFunction => ({
      name: fn.name,
      description: fn.description,
      parameters: fn.parameters,
      mutates: !fn.isReadOnly,
      async execute(args, signal) {
        const values = validateArguments(fn, args);
        const opened = sessionFor();
        const open = await opened;
        let result: Awaited<ReturnType<typeof open.client.callTool>>;
        try {
          result = await open.client.callTool({ name: fn.mcpName, arguments: values }, CallToolResultSchema, {
            timeout: config.timeoutMs,
            maxTotalTimeout: config.timeoutMs,
            signal,
          });
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          // A transport failure (the server restarted, forgot the session) is not kept: the next call
          // connects again. An MCP error (a timeout, invalid parameters) leaves the session usable.
          if (!(error instanceof McpError) && session === opened) {
            session = undefined;
            void open.close();
          }
          throw new ToolCallError(redactor.text(`${fn.name}: ${describeMcpError(error, host)}`));
        }
        const parsed = CallToolResultSchema.parse(result);
        const text = redactor.text(mcpResultText(parsed, maxChars));
        if (parsed.isError)
          throw new ToolCallError(`${fn.name} failed on the MCP server: ${text || 'no details'}`);
        return text;
      },
    }),
  );
  return {
    functions,
    async close() {
      const opened = session;
      session = undefined;
      if (opened) await opened.then((s) => s.close()).catch(() => undefined);
    },
  };
}
