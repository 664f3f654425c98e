import {
  CallControlConfigSchema,
  GoogleCalendarConfigSchema,
  HttpToolConfigSchema,
  type ToolKind,
} from '@switchboard/contracts/tools';
import { callControlFunctions } from './kinds/call-control/call-control-functions.ts';
import { googleCalendarFunctionDefinitions } from './kinds/google-calendar/catalog.ts';
import { isMutatingMethod } from './kinds/http/http-function.ts';
import type { ToolFunctionDefinition } from './tool-function.ts';

/** The functions a configured tool offers, as the model would see them; no credentials needed. */
export function functionDefinitionsOf(kind: ToolKind, config: unknown): ToolFunctionDefinition[] {
  switch (kind) {
    case 'http':
      return HttpToolConfigSchema.parse(config).functions.map(
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
  }
}
