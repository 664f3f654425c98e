import type { CreatePresetTool, ToolPresetId, ToolPresetInfo } from '@switchboard/contracts/tool-presets';
import type { HttpAuth, HttpFunction } from '@switchboard/contracts/tools';

/** What a preset makes of the person's answers: an ordinary HTTP tool and the values of its secrets. */
export interface PresetTool {
  name: string;
  config: { auth: HttpAuth; functions: HttpFunction[] };
  secrets: Record<string, string>;
}

export interface ToolPreset<Id extends ToolPresetId> {
  info: Omit<ToolPresetInfo, 'functions'>;
  build(input: Extract<CreatePresetTool, { preset: Id }>): PresetTool;
}

/** Every preset function waits for a person on the phone: a little less than the default, spoken-word budget. */
export const PRESET_TIMEOUT_MS = 8_000;

/** The sentence every description ends with: what the agent says while the request runs. */
export const WHILE_WAITING =
  'While waiting, say one short sentence such as "One moment, I am looking that up." and nothing else.';

/** A function with the defaults the contract would fill in, so a preset's output is a complete config. */
export function presetFunction(
  fn: Pick<HttpFunction, 'name' | 'description' | 'parameters' | 'method' | 'url'> &
    Partial<Pick<HttpFunction, 'body' | 'query'>>,
): HttpFunction {
  return {
    query: [],
    headers: {},
    bodyEncoding: 'json',
    timeoutMs: PRESET_TIMEOUT_MS,
    ...fn,
  };
}

export const EMAIL_PARAMETER = {
  type: 'string',
  format: 'email',
  description: 'The caller’s email address, spelled back to them and confirmed before calling.',
};
