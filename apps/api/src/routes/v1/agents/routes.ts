import {
  AgentFromTemplateSchema,
  CreateAgentFromTemplateSchema,
} from '@switchboard/contracts/agent-templates';
import {
  AgentConfigSchema,
  AgentFunctionsSchema,
  AgentParamsSchema,
  AgentSchema,
  AgentVersionParamsSchema,
  AgentVersionSchema,
  ListAgentsQuerySchema,
} from '@switchboard/contracts/agents';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import { createAgent } from '@switchboard/core/agents/create-agent';
import {
  createAgentFromTemplate,
  type TemplateDeps,
} from '@switchboard/core/agents/create-agent-from-template';
import { describeAgentFunctions } from '@switchboard/core/agents/describe-agent-functions';
import { duplicateAgent } from '@switchboard/core/agents/duplicate-agent';
import { getAgent } from '@switchboard/core/agents/find-agent';
import { listAgentVersions } from '@switchboard/core/agents/list-agent-versions';
import { listAgents } from '@switchboard/core/agents/list-agents';
import { restoreAgentVersion } from '@switchboard/core/agents/restore-agent-version';
import { setAgentStatus } from '@switchboard/core/agents/set-agent-status';
import { updateAgent } from '@switchboard/core/agents/update-agent';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['agents'];

export function agentRoutes(app: FastifyZodInstance, deps: TemplateDeps): void {
  const { egress } = deps;
  app.get(
    '/api/v1/orgs/:orgId/agents',
    {
      config: { access: { kind: 'org', permission: 'agents:read' } },
      schema: {
        tags,
        summary: 'The organization’s voice agents (active by default)',
        params: OrgParamsSchema,
        querystring: ListAgentsQuerySchema,
        response: { 200: z.object({ agents: z.array(AgentSchema) }) },
      },
    },
    async (request) => ({
      agents: await request.inOrganization((scope) => listAgents(scope, request.query.status)),
    }),
  );

  app.post(
    '/api/v1/orgs/:orgId/agents',
    {
      config: { access: { kind: 'org', permission: 'agents:write' } },
      schema: {
        tags,
        summary: 'Create a voice agent (version 1)',
        params: OrgParamsSchema,
        body: AgentConfigSchema,
        response: { 201: AgentSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await request.inOrganization((scope) => createAgent(scope, request.body, { egress }))),
  );

  app.post(
    '/api/v1/orgs/:orgId/agents/from-template',
    {
      config: { access: { kind: 'org', permission: 'agents:write' } },
      schema: {
        tags,
        summary:
          'Create a voice agent from a template, attaching (or, with tools:write, creating) the tools it suggests',
        params: OrgParamsSchema,
        body: CreateAgentFromTemplateSchema,
        response: { 201: AgentFromTemplateSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await request.inOrganization((scope) => createAgentFromTemplate(scope, request.body, deps))),
  );

  app.get(
    '/api/v1/orgs/:orgId/agents/:agentId',
    {
      config: { access: { kind: 'org', permission: 'agents:read' } },
      schema: { tags, summary: 'A voice agent', params: AgentParamsSchema, response: { 200: AgentSchema } },
    },
    (request) => request.inOrganization((scope) => getAgent(scope, request.params.agentId)),
  );

  app.put(
    '/api/v1/orgs/:orgId/agents/:agentId',
    {
      config: { access: { kind: 'org', permission: 'agents:write' } },
      schema: {
        tags,
        summary: 'Save a voice agent’s configuration as its next version',
        params: AgentParamsSchema,
        body: AgentConfigSchema,
        response: { 200: AgentSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) => updateAgent(scope, request.params.agentId, request.body, { egress })),
  );

  app.post(
    '/api/v1/orgs/:orgId/agents/:agentId/duplicate',
    {
      config: { access: { kind: 'org', permission: 'agents:write' } },
      schema: {
        tags,
        summary: 'Copy a voice agent into a new one',
        params: AgentParamsSchema,
        response: { 201: AgentSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await request.inOrganization((scope) => duplicateAgent(scope, request.params.agentId, { egress })),
        ),
  );

  for (const [action, status] of [
    ['archive', 'archived'],
    ['unarchive', 'active'],
  ] as const) {
    app.post(
      `/api/v1/orgs/:orgId/agents/:agentId/${action}`,
      {
        config: { access: { kind: 'org', permission: 'agents:write' } },
        schema: {
          tags,
          summary:
            action === 'archive' ? 'Archive a voice agent (no new calls)' : 'Bring an archived agent back',
          params: AgentParamsSchema,
          response: { 200: AgentSchema },
        },
      },
      (request) => request.inOrganization((scope) => setAgentStatus(scope, request.params.agentId, status)),
    );
  }

  app.get(
    '/api/v1/orgs/:orgId/agents/:agentId/functions',
    {
      config: { access: { kind: 'org', permission: 'agents:read' } },
      schema: {
        tags,
        summary: 'The functions the model will see on the next call, and what is left out and why',
        params: AgentParamsSchema,
        response: { 200: AgentFunctionsSchema },
      },
    },
    (request) => request.inOrganization((scope) => describeAgentFunctions(scope, request.params.agentId)),
  );

  app.get(
    '/api/v1/orgs/:orgId/agents/:agentId/versions',
    {
      config: { access: { kind: 'org', permission: 'agents:read' } },
      schema: {
        tags,
        summary: 'Every saved version of a voice agent, newest first',
        params: AgentParamsSchema,
        response: { 200: z.object({ versions: z.array(AgentVersionSchema) }) },
      },
    },
    async (request) => ({
      versions: await request.inOrganization((scope) => listAgentVersions(scope, request.params.agentId)),
    }),
  );

  app.post(
    '/api/v1/orgs/:orgId/agents/:agentId/versions/:version/restore',
    {
      config: { access: { kind: 'org', permission: 'agents:write' } },
      schema: {
        tags,
        summary: 'Save an earlier version again as the newest one',
        params: AgentVersionParamsSchema,
        response: { 200: AgentSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) =>
        restoreAgentVersion(scope, request.params.agentId, request.params.version, { egress }),
      ),
  );
}
