import { AGENT_TEMPLATE_IDS, AGENT_TEMPLATES } from '@switchboard/contracts/agent-templates';
import { AgentConfigSchema, GREETING_VARIABLES, MODEL_PROVIDERS } from '@switchboard/contracts/agents';
import { defaultModelOf, MODEL_CATALOG } from '@switchboard/contracts/model-catalog';
import { toolCatalog } from '@switchboard/tools/catalog';
import { describe, expect, it } from 'vitest';

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((match) => match[1]);

describe('agent templates', () => {
  it('are each offered once, blank first', () => {
    expect(AGENT_TEMPLATES.map((template) => template.id)).toEqual([...AGENT_TEMPLATE_IDS]);
  });

  it.each(AGENT_TEMPLATES.map((template) => [template.id, template] as const))(
    '%s is a valid agent whose placeholders the worker fills in',
    (_id, template) => {
      const config = AgentConfigSchema.parse({
        name: template.name,
        systemPrompt: template.systemPrompt,
        greeting: template.greeting,
      });
      expect(config.greeting).toBe(template.greeting);
      const known: readonly string[] = GREETING_VARIABLES;
      for (const name of [...placeholders(template.systemPrompt), ...placeholders(template.greeting)]) {
        expect(known).toContain(name);
      }
    },
  );

  it('suggest only functions their tool kind offers, and name every function the prompt tells the model to call', () => {
    const kinds = new Map(toolCatalog({ googleConfigured: true }).map((kind) => [kind.kind, kind]));
    for (const template of AGENT_TEMPLATES) {
      const suggested = template.tools.flatMap((tool) => tool.functions);
      for (const tool of template.tools) {
        const offered = kinds.get(tool.kind)!.functions.map((fn) => fn.name);
        for (const name of tool.functions)
          expect([template.id, offered]).toEqual([template.id, expect.arrayContaining([name])]);
      }
      const catalogNames = [...kinds.values()].flatMap((kind) => kind.functions.map((fn) => fn.name));
      for (const name of catalogNames) {
        if (template.systemPrompt.includes(name))
          expect([template.id, suggested]).toEqual([template.id, expect.arrayContaining([name])]);
      }
    }
  });
});

describe('model catalog', () => {
  it('offers the defaults a new agent gets', () => {
    for (const provider of MODEL_PROVIDERS) {
      const defaults = AgentConfigSchema.parse({
        name: 'x',
        model: {
          provider,
          ...(provider === 'openai_compatible' && { baseUrl: 'https://x.test/v1', model: 'm' }),
        },
      }).model;
      const entry = MODEL_CATALOG[provider];
      expect(entry.voices.map((voice) => voice.id)).toContain(defaults.voice);
      if (provider !== 'openai_compatible') expect(defaultModelOf(provider)).toBe(defaults.model);
      for (const voice of entry.voices) expect(voice.description.length).toBeGreaterThan(0);
    }
  });
});
