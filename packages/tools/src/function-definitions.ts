import {
  CallControlConfigSchema,
  GoogleCalendarConfigSchema,
  HttpToolConfigSchema,
  McpToolConfigSchema,
  type ToolKind,
} from '@switchboard/contracts/tools';
import { callControlFunctions } from './kinds/call-control/call-control-functions.ts';
import { googleCalendarFunctionDefinitions } from './kinds/google-calendar/catalog.ts';
import { usableHttpFunctions } from './kinds/http/http-config-problems.ts';
import { isMutatingMethod } from './kinds/http/http-function.ts';
import type { ToolFunctionDefinition } from './tool-function.ts';

/** The functions a configured tool offers, as the model would see them; no credentials needed. */
export function functionDefinitionsOf(kind: ToolKind, config: unknown): ToolFunctionDefinition[] {
  switch (kind) {
    case 'http':
      // A function the worker could not build is never shown to the model (nor listed as offered).
      return usableHttpFunctions(HttpToolConfigSchema.parse(config)).map(
        ({ name, description, parameters, method }) => ({
          name,
          description,
          parameters,
          mutates: isMutatingMethod(method),
        }),
      );
    case 'google_calendar':
      return googleCalendarFunctionDefinitions(GoogleCalendarConfigSchema.parse(config));
    case 'call_control':
      return callControlFunctions(CallControlConfigSchema.parse(config));
    case 'mcp':
      return McpToolConfigSchema.parse(config).functions.map(
        ({ name, description, parameters, isReadOnly }) => ({
          name,
          description,
          parameters,
          mutates: !isReadOnly,
        }),
      );
  }
}

/** The schema a tool kind's stored configuration follows (defaults applied when parsed). */
export function toolConfigSchemaOf(kind: ToolKind) {
  switch (kind) {
    case 'http':
      return HttpToolConfigSchema;
    case 'google_calendar':
      return GoogleCalendarConfigSchema;
    case 'call_control':
      return CallControlConfigSchema;
    case 'mcp':
      return McpToolConfigSchema;
  }
}
