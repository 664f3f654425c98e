import type { CreatePresetTool } from '@switchboard/contracts/tool-presets';
import { CreateToolSchema, type Tool } from '@switchboard/contracts/tools';
import { buildPresetTool } from '@switchboard/tools/presets/presets';
import type { OrgScope } from '../access/actor.ts';
import { authorize } from '../access/authorize.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { createTool } from './create-tool.ts';

/**
 * Creates a ready HTTP tool from a preset: the preset builds the functions and authentication for the
 * account's domain, the answers become the tool's sealed secrets, and from then on it is an HTTP tool like
 * any other (editable, tested, switched on per agent).
 */
export async function createPresetTool(
  scope: OrgScope,
  input: CreatePresetTool,
  deps: { secretSealer: SecretSealer },
): Promise<Tool> {
  // The route asks for tools:secrets (a preset always carries its key); creating a tool needs tools:write.
  authorize(scope.membership, 'tools:write');
  const { name, config, secrets } = buildPresetTool(input);
  // Through the same contract as a hand-made tool: one place for what an HTTP tool may be.
  return createTool(scope, CreateToolSchema.parse({ kind: 'http', name, config, secrets }), deps);
}
