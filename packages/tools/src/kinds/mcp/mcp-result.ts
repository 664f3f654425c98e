import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

type ContentPart = CallToolResult['content'][number];

function sizeOf(base64: string): string {
  const bytes = Math.floor((base64.length * 3) / 4);
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** A part the model cannot read as text (an image, audio, a binary resource), named instead of inlined. */
function partText(part: ContentPart): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'image':
      return `[image ${part.mimeType}, ${sizeOf(part.data)}]`;
    case 'audio':
      return `[audio ${part.mimeType}, ${sizeOf(part.data)}]`;
    case 'resource':
      return 'text' in part.resource
        ? part.resource.text
        : `[resource ${part.resource.uri}${part.resource.mimeType ? ` (${part.resource.mimeType})` : ''}]`;
    case 'resource_link':
      return `[link ${part.name}: ${part.uri}]`;
    default:
      return '[content the model cannot read]';
  }
}

/**
 * An MCP tool result as text for the model: text parts joined, other parts summarised in brackets, and the
 * structured content as JSON when there is no content at all. Longer than `maxChars` is cut with a note.
 */
export function mcpResultText(result: CallToolResult, maxChars: number): string {
  let text = result.content.map(partText).join('\n');
  if (!text && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent);
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n[cut: the result was ${text.length} characters]`;
}
