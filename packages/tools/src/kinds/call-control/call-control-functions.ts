import type { CallControlConfig } from '@switchboard/contracts/tools';
import type { ToolFunctionDefinition } from '../../tool-function.ts';

export const END_CALL: ToolFunctionDefinition = {
  name: 'end_call',
  description:
    'End the call. Use it when the caller says goodbye or the conversation is complete; say a short goodbye first.',
  parameters: {
    type: 'object',
    properties: { reason: { type: 'string', description: 'Why the call ends, in a few words' } },
  },
  // A caller who interrupts the goodbye is still there and has more to say: the hang-up is called off.
  mutates: false,
};

export const TRANSFER_CALL: ToolFunctionDefinition = {
  name: 'transfer_call',
  description:
    'Transfer the caller to a human colleague. Use it when the caller asks for a person or you cannot help. Tell the caller you are transferring them first.',
  parameters: {
    type: 'object',
    properties: { reason: { type: 'string', description: 'What the caller needs, for the colleague' } },
  },
  // Like end_call: interrupting the announcement calls it off; a transfer already dialling cannot be undone.
  mutates: false,
  phoneOnly: true,
};

/** Call control offers transfer only when there is somewhere to transfer to. */
export function callControlFunctions(config: CallControlConfig): ToolFunctionDefinition[] {
  return config.transferNumber ? [END_CALL, TRANSFER_CALL] : [END_CALL];
}
