import { randomUUID } from 'node:crypto';
import { AgentConfigSchema } from '@switchboard/contracts/agents';
import { agentRuntimeOf } from '@switchboard/core/runtime/load-agent-runtime';
import type { LoadedTool } from '@switchboard/core/runtime/load-tools';
import type { SecretBox } from '@switchboard/core/secrets/secret-box';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { createHttpFunctions } from '@switchboard/tools/kinds/http/create-http-functions';
import { validateArguments } from '@switchboard/tools/validate-arguments';
import { buildAgent } from './build-agent.ts';

/** A parameters schema with the keywords and formats stored schemas commonly use. */
const PARAMETERS = {
  type: 'object' as const,
  properties: {
    id: { type: 'string', description: 'The record number', pattern: '^[A-Z]-\\d+$' },
    quantity: { type: 'integer', minimum: 1, maximum: 100 },
    email: { type: 'string', format: 'email' },
    when: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['open', 'closed'] },
    address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
  },
  required: ['id'],
  additionalProperties: false,
};

/**
 * Runs the in-memory part of a call's setup once, on a made-up agent with one HTTP tool, while the job
 * process waits for its call (LiveKit's `prewarm`). Each call gets a process of its own, so without it the
 * call's setup is the first time the process runs that code: zod's and Ajv's validators compiled on first
 * use, libsodium's and Intl's first use, the JIT cold (docs/performance.md "Call setup"). Nothing is
 * sent anywhere and no tenant's data is touched; the made-up secret is sealed and opened here.
 */
export function warmUpCallSetup(secretBox: SecretBox): void {
  const toolId = randomUUID();
  const organizationId = randomUUID();
  const context = toolSecretContext(toolId, 'api_key');
  const secrets = { api_key: secretBox.open(secretBox.seal('warm-up', context), context) };
  const config = AgentConfigSchema.parse({
    name: 'Warm-up',
    systemPrompt: 'You answer the phone for {{organization_name}}.',
    greeting: 'Hello, this is {{agent_name}}.',
    tools: [{ toolId, functions: ['look_up'] }],
  });
  const functions = createHttpFunctions({
    config: {
      headers: { authorization: 'Bearer {{secrets.api_key}}' },
      functions: [
        {
          name: 'look_up',
          description: 'Looks a record up by its number',
          parameters: PARAMETERS,
          method: 'POST',
          url: 'https://warm-up.invalid/records/{{id}}',
          query: [],
          headers: {},
          bodyEncoding: 'json',
          timeoutMs: 10_000,
        },
      ],
    },
    secrets,
    fetch: () => Promise.reject(new Error('The warm-up calls no function')),
  });
  const tool: LoadedTool = {
    id: toolId,
    kind: 'http',
    name: 'Warm-up',
    status: 'ready',
    statusMessage: null,
    functions,
  };
  const runtime = agentRuntimeOf(
    { id: randomUUID(), name: 'Warm-up', status: 'active', version: 1, config },
    { id: organizationId, name: 'Warm-up', timeZone: 'UTC' },
    new Map([[toolId, tool]]),
  );
  buildAgent(runtime);
  for (const fn of runtime.functions) validateArguments(fn, { id: 'A-1', quantity: 2, email: 'a@b.example' });
}
