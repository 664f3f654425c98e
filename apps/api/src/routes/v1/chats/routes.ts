import { AgentParamsSchema } from '@switchboard/contracts/agents';
import {
  ChatParamsSchema,
  ChatSchema,
  ChatTurnSchema,
  SendChatMessageSchema,
  StartChatSchema,
} from '@switchboard/contracts/chats';
import type { PublicConfig } from '@switchboard/contracts/config';
import { endChat } from '@switchboard/core/chats/end-chat';
import { findChat } from '@switchboard/core/chats/find-chat';
import { sendChatMessage } from '@switchboard/core/chats/send-chat-message';
import { type ChatInstallation, startChat } from '@switchboard/core/chats/start-chat';
import type { ModelSettings } from '@switchboard/core/voice/missing-model-setting';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['chats'];

/**
 * Chat with an agent (docs/agents-and-tools.md): each turn is answered by the worker tier's job runner,
 * which alone opens the model key and tool secrets; the dashboard polls the chat for the answer, as it
 * does a tool test run.
 */
export function chatRoutes(
  app: FastifyZodInstance,
  deps: { publicConfig: PublicConfig; modelSettings: ModelSettings },
): void {
  const installation: ChatInstallation = {
    models: deps.modelSettings,
    billing: { metering: deps.publicConfig.billingMetering, mode: deps.publicConfig.billingMode },
  };

  app.post(
    '/api/v1/orgs/:orgId/agents/:agentId/chats',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags,
        summary: 'Start a test chat with an agent (a call of channel chat); poll it for the greeting',
        params: AgentParamsSchema,
        body: StartChatSchema,
        response: { 202: ChatSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await request.inOrganization((scope) =>
            startChat(scope, request.params.agentId, request.body, installation),
          ),
        ),
  );

  app.get(
    '/api/v1/orgs/:orgId/chats/:callId',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags,
        summary: 'A test chat: its turns, each pending or with the reply and tool calls',
        params: ChatParamsSchema,
        response: { 200: ChatSchema },
      },
    },
    (request) => request.inOrganization(({ tx }) => findChat(tx, request.params.callId)),
  );

  app.post(
    '/api/v1/orgs/:orgId/chats/:callId/messages',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags,
        summary: 'Send a message; poll the chat for the reply and the tool calls of the turn',
        params: ChatParamsSchema,
        body: SendChatMessageSchema,
        response: { 202: ChatTurnSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await request.inOrganization((scope) =>
            sendChatMessage(scope, request.params.callId, request.body),
          ),
        ),
  );

  app.delete(
    '/api/v1/orgs/:orgId/chats/:callId',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags,
        summary: 'End a test chat (Reset); the call is finalized by the worker tier',
        params: ChatParamsSchema,
        response: { 202: ChatSchema },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await request.inOrganization((scope) => endChat(scope, request.params.callId))),
  );
}
