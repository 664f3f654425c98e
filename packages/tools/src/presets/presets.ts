import type { CreatePresetTool, ToolPresetInfo } from '@switchboard/contracts/tool-presets';
import { HUBSPOT_PRESET } from './hubspot.ts';
import type { PresetTool } from './preset.ts';
import { SHOPIFY_PRESET } from './shopify.ts';
import { ZENDESK_PRESET } from './zendesk.ts';

/** The HTTP tool a preset makes of the person's answers (checked by the core use case like any tool). */
export function buildPresetTool(input: CreatePresetTool): PresetTool {
  switch (input.preset) {
    case 'zendesk':
      return ZENDESK_PRESET.build(input);
    case 'hubspot':
      return HUBSPOT_PRESET.build(input);
    case 'shopify':
      return SHOPIFY_PRESET.build(input);
  }
}

/** The presets for the add-tool catalog, their functions as the model will see them. */
export function presetCatalog(): ToolPresetInfo[] {
  const examples: CreatePresetTool[] = [
    { preset: 'zendesk', domain: 'example.zendesk.com', email: 'agent@example.com', apiToken: 'x' },
    { preset: 'hubspot', accessToken: 'x' },
    { preset: 'shopify', domain: 'example.myshopify.com', accessToken: 'x' },
  ];
  const infos = { zendesk: ZENDESK_PRESET.info, hubspot: HUBSPOT_PRESET.info, shopify: SHOPIFY_PRESET.info };
  return examples.map((example) => ({
    ...infos[example.preset],
    functions: buildPresetTool(example).config.functions.map(({ name, description, parameters }) => ({
      name,
      description,
      parameters,
    })),
  }));
}
