import { HttpToolConfigSchema, McpToolConfigSchema, type ToolKind } from '@switchboard/contracts/tools';
import { HEADER_VALUE, secretsSentInHeaders } from '@switchboard/tools/kinds/http/destinations';
import { mcpSecretsUsedBy } from '@switchboard/tools/kinds/mcp/mcp-destinations';
import { invalidFields } from '../errors.ts';

/**
 * Refuses, while the value is still in hand, a secret the tool sends in an HTTP header that a header cannot
 * carry (a token pasted with its line break, characters beyond Latin-1): otherwise the tool is saved, the
 * worker tier refuses to build it, and the person learns at the first call. The API cannot read stored
 * secrets back, so a secret set earlier and moved into a header later is still caught only by the worker.
 */
export function checkSecretValues(
  kind: ToolKind,
  config: unknown,
  secrets: Record<string, string | null> | undefined,
): void {
  const inHeaders =
    kind === 'http'
      ? secretsSentInHeaders(HttpToolConfigSchema.parse(config))
      : kind === 'mcp'
        ? mcpSecretsUsedBy(McpToolConfigSchema.parse(config)) // the MCP credential is always a header
        : new Set<string>();
  const problems = Object.entries(secrets ?? {})
    .filter(([name, value]) => value !== null && inHeaders.has(name) && !HEADER_VALUE.test(value))
    .map(([name]) => ({
      path: `secrets.${name}`,
      message:
        'This secret is sent in an HTTP header, which cannot carry line breaks or characters beyond Latin-1: paste it again without them',
    }));
  if (problems.length > 0) throw invalidFields(problems);
}
