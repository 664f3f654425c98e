import type { McpToolConfig } from '@switchboard/contracts/tools';

/** The origin an MCP tool's credential is given for: its server's. */
export function mcpOriginsOf(config: McpToolConfig): Set<string> {
  return new Set([new URL(config.url).origin]);
}

/** The secrets an MCP tool uses: the one its authentication names. */
export function mcpSecretsUsedBy(config: McpToolConfig): Set<string> {
  return new Set(config.auth ? [config.auth.secret] : []);
}
