import { AgentParamsSchema } from '@switchboard/contracts/agents';
import {
  CallDetailSchema,
  CallParamsSchema,
  CallReadinessSchema,
  CallSchema,
  ListCallsQuerySchema,
  WebCallSchema,
} from '@switchboard/contracts/calls';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import type { PublicConfig } from '@switchboard/contracts/config';
import { type CallInstallation, checkCallReadiness } from '@switchboard/core/calls/check-call-readiness';
import { getCall } from '@switchboard/core/calls/get-call';
import { listCalls } from '@switchboard/core/calls/list-calls';
import { startWebCall } from '@switchboard/core/calls/start-web-call';
import { AppError } from '@switchboard/core/errors';
import type { ModelSettings } from '@switchboard/core/voice/missing-model-setting';
import { z } from 'zod';
import { issueCallToken } from '../../../livekit/issue-call-token.ts';
import type { LiveKitSettings } from '../../../livekit/livekit-settings.ts';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['calls'];

export function callRoutes(
  app: FastifyZodInstance,
  deps: { livekit?: LiveKitSettings | undefined; publicConfig: PublicConfig; modelSettings: ModelSettings },
): void {
  // The API holds LiveKit's settings only when voice is fully configured (server.ts).
  const installation: CallInstallation = {
    voiceMissing: deps.livekit
      ? []
      : deps.publicConfig.voice.missing.length > 0
        ? deps.publicConfig.voice.missing
        : ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'],
    models: deps.modelSettings,
    billing: { metering: deps.publicConfig.billingMetering, mode: deps.publicConfig.billingMode },
  };

  app.get(
    '/api/v1/orgs/:orgId/agents/:agentId/call-readiness',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags,
        summary: 'Whether a call with the agent would start now, and if not what to set or change',
        params: AgentParamsSchema,
        response: { 200: CallReadinessSchema },
      },
    },
    async (request) => {
      const { canStartCall, problems } = await request.inOrganization((scope) =>
        checkCallReadiness(scope, request.params.agentId, installation),
      );
      return { canStartCall, problems };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/agents/:agentId/calls/web',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags,
        summary: 'Start a browser call with an agent: a short-lived LiveKit token that also dispatches it',
        params: AgentParamsSchema,
        response: { 201: WebCallSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const started = await request.inOrganization((scope) =>
        startWebCall(scope, request.params.agentId, installation),
      );
      const { livekit } = deps;
      // startWebCall refuses while voice is not configured; this only tells the compiler.
      if (!livekit)
        throw new AppError('VOICE_NOT_CONFIGURED', 'Voice is not configured on this installation');
      const token = await issueCallToken(livekit, {
        roomName: started.roomName,
        identity: `user-${actor.userId}`,
        name: actor.name,
        metadata: started.metadata,
      });
      return reply
        .status(201)
        .send({ callId: started.call.id, url: livekit.url, token, roomName: started.roomName });
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/calls',
    {
      config: { access: { kind: 'org', permission: 'calls:read' } },
      schema: {
        tags,
        summary: 'Calls, newest first, by agent and date',
        params: OrgParamsSchema,
        querystring: ListCallsQuerySchema,
        response: { 200: z.object({ calls: z.array(CallSchema) }) },
      },
    },
    async (request) => ({ calls: await request.inOrganization((scope) => listCalls(scope, request.query)) }),
  );

  app.get(
    '/api/v1/orgs/:orgId/calls/:callId',
    {
      config: { access: { kind: 'org', permission: 'calls:read' } },
      schema: {
        tags,
        summary: 'A call with its transcript and tool calls',
        params: CallParamsSchema,
        response: { 200: CallDetailSchema },
      },
    },
    (request) => request.inOrganization((scope) => getCall(scope, request.params.callId)),
  );
}
