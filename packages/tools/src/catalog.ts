import type { ToolKindInfo } from '@switchboard/contracts/tools';
import { END_CALL, TRANSFER_CALL } from './kinds/call-control/call-control-functions.ts';
import { GOOGLE_CALENDAR_FUNCTIONS } from './kinds/google-calendar/catalog.ts';

/** The kinds of tools this installation offers, for the dashboard's catalog. */
export function toolCatalog({ googleConfigured }: { googleConfigured: boolean }): ToolKindInfo[] {
  return [
    {
      kind: 'google_calendar',
      name: 'Google Calendar',
      description:
        'Check availability and book, move or cancel appointments in a Google calendar, in the organization’s time zone and working hours.',
      needs: ['A Google account connected by an administrator (OAuth consent, calendar scope)'],
      available: googleConfigured,
      unavailableReason: googleConfigured
        ? null
        : 'The operator sets GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to enable Google integrations',
      functions: GOOGLE_CALENDAR_FUNCTIONS,
    },
    {
      kind: 'http',
      name: 'HTTP API',
      description:
        'Call your own systems: define functions by hand (method, URL template, headers, body) or import them from an OpenAPI document.',
      needs: ['The API’s address', 'Optionally an API key or bearer token, stored encrypted'],
      available: true,
      unavailableReason: null,
      functions: [],
    },
    {
      kind: 'call_control',
      name: 'Call control',
      description: 'Let the agent end the call, or transfer the caller to a person.',
      needs: ['A phone number for transfers (optional)'],
      available: true,
      unavailableReason: null,
      functions: [END_CALL, TRANSFER_CALL],
    },
    {
      kind: 'mcp',
      name: 'MCP server',
      description:
        'Connect a remote MCP server (Streamable HTTP or SSE): its tools become functions you switch on per agent.',
      needs: ['The server’s URL', 'Optionally a bearer token or an API key header, stored encrypted'],
      available: true,
      unavailableReason: null,
      functions: [],
    },
  ];
}
