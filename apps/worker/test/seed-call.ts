import { randomUUID } from 'node:crypto';
import type { AgentConfigInput } from '@switchboard/contracts/agents';
import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import type { Database } from '@switchboard/db/database';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';

export const secretBox = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey });
/** The test servers (shop, chat model) are on 127.0.0.1, which the guard refuses unless the operator allows it. */
export const egress = createEgressGuard({ allow: ['127.0.0.1'] });
export const SHOP_API_KEY = 'sk-shop-secret-42';
export const TRANSFER_NUMBER = '+4930555000';

export interface SeededAgent {
  organizationId: string;
  agentId: string;
  shopToolId: string;
  callControlToolId: string;
}

/**
 * As the owner, like an organization would configure it through the API: an HTTP tool "Shop" with three
 * functions of which two are enabled (one of them points at a route that never answers), a call-control
 * tool with a transfer number, and an agent using both.
 */
export async function seedAgent(
  owner: Database,
  { baseUrl, model }: { baseUrl: string; model?: AgentConfigInput['model'] },
): Promise<SeededAgent> {
  const organizationId = randomUUID();
  await owner
    .insertInto('organizations')
    .values({
      id: organizationId,
      name: 'Acme Dental',
      slug: `acme-${organizationId}`,
      timeZone: 'Europe/Berlin',
    })
    .execute();
  const parameters = {
    type: 'object',
    properties: { id: { type: 'string', description: 'The order number' } },
    required: ['id'],
  };
  const shop = await owner
    .insertInto('tools')
    .values({
      organizationId,
      kind: 'http',
      name: 'Shop',
      config: JSON.stringify({
        headers: { authorization: 'Bearer {{secrets.api_key}}' },
        functions: [
          {
            name: 'lookup_order',
            description: 'Look up an order by its number',
            parameters,
            method: 'GET',
            url: `${baseUrl}/echo/orders/{{id}}`,
          },
          {
            name: 'cancel_order',
            description: 'Cancel an order',
            parameters,
            method: 'DELETE',
            url: `${baseUrl}/echo/orders/{{id}}`,
          },
          {
            name: 'order_report',
            description: 'A slow report about an order',
            parameters,
            method: 'GET',
            url: `${baseUrl}/hang/{{id}}`,
            timeoutMs: 60_000,
          },
        ],
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('toolSecrets')
    .values({
      organizationId,
      toolId: shop.id,
      name: 'api_key',
      ciphertext: secretBox.seal(SHOP_API_KEY, toolSecretContext(shop.id, 'api_key')),
    })
    .execute();
  const callControl = await owner
    .insertInto('tools')
    .values({
      organizationId,
      kind: 'call_control',
      name: 'Phone',
      config: JSON.stringify({ transferNumber: TRANSFER_NUMBER }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const config: AgentConfigInput = {
    name: 'Robin',
    systemPrompt: 'You are the receptionist of a dental practice.',
    greeting: 'Hello {{caller_number}}, this is {{agent_name}} at {{ organization_name }}.',
    tools: [
      { toolId: shop.id, functions: ['lookup_order', 'order_report'] },
      { toolId: callControl.id, functions: ['end_call', 'transfer_call'] },
    ],
    ...(model && { model }),
  };
  const agent = await owner
    .insertInto('agents')
    .values({ organizationId, name: 'Robin', currentVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('agentVersions')
    .values({ organizationId, agentId: agent.id, version: 1, config: JSON.stringify(config) })
    .execute();
  return { organizationId, agentId: agent.id, shopToolId: shop.id, callControlToolId: callControl.id };
}

/** A call row as the API creates it when a web call starts. */
export async function seedCall(owner: Database, agent: SeededAgent): Promise<string> {
  const id = randomUUID();
  await owner
    .insertInto('calls')
    .values({
      id,
      organizationId: agent.organizationId,
      agentId: agent.agentId,
      agentVersion: 1,
      channel: 'web',
      roomName: `call-${id}`,
    })
    .execute();
  return id;
}
