import { OrgParamsSchema } from '@switchboard/contracts/common';
import { CreatePresetToolSchema, ToolPresetInfoSchema } from '@switchboard/contracts/tool-presets';
import {
  CreateToolSchema,
  CreateToolTestRunSchema,
  McpRefreshParamsSchema,
  McpRefreshSchema,
  OPENAPI_DOCUMENT_MAX_BYTES,
  OpenApiPreviewRequestSchema,
  OpenApiPreviewSchema,
  ToolKindInfoSchema,
  ToolParamsSchema,
  ToolSchema,
  ToolTestRunParamsSchema,
  ToolTestRunSchema,
  UpdatedToolSchema,
  UpdateToolSchema,
} from '@switchboard/contracts/tools';
import type { SecretSealer } from '@switchboard/core/secrets/secret-box';
import { createPresetTool } from '@switchboard/core/tools/create-preset-tool';
import { createTool } from '@switchboard/core/tools/create-tool';
import { deleteTool } from '@switchboard/core/tools/delete-tool';
import { findTool } from '@switchboard/core/tools/find-tool';
import { getToolTestRun } from '@switchboard/core/tools/find-tool-test-run';
import type { GoogleSettings } from '@switchboard/core/tools/google/google-settings';
import { listTools } from '@switchboard/core/tools/list-tools';
import { getMcpRefresh } from '@switchboard/core/tools/mcp/find-mcp-refresh';
import { requestMcpRefresh } from '@switchboard/core/tools/mcp/request-mcp-refresh';
import { previewOpenApiImport } from '@switchboard/core/tools/preview-openapi-import';
import { requestToolTestRun } from '@switchboard/core/tools/request-tool-test-run';
import { updateTool } from '@switchboard/core/tools/update-tool';
import { toolCatalog } from '@switchboard/tools/catalog';
import { createOpenApiImporter } from '@switchboard/tools/openapi/import-openapi-off-thread';
import { presetCatalog } from '@switchboard/tools/presets/presets';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['tools'];

export function toolRoutes(
  app: FastifyZodInstance,
  { secretSealer, google }: { secretSealer: SecretSealer; google?: GoogleSettings | undefined },
): void {
  const googleConfigured = google !== undefined;
  const openApiImporter = createOpenApiImporter();
  app.addHook('onClose', () => openApiImporter.close());
  app.get(
    '/api/v1/tool-catalog',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary:
          'The kinds of tools this installation offers, with their functions and what they need, and the presets for well-known systems',
        response: {
          200: z.object({ kinds: z.array(ToolKindInfoSchema), presets: z.array(ToolPresetInfoSchema) }),
        },
      },
    },
    async () => ({ kinds: toolCatalog({ googleConfigured }), presets: presetCatalog() }),
  );

  app.get(
    '/api/v1/orgs/:orgId/tools',
    {
      config: { access: { kind: 'org', permission: 'tools:read' } },
      schema: {
        tags,
        summary: 'The organization’s configured tools (secrets reported as configured, never shown)',
        params: OrgParamsSchema,
        response: { 200: z.object({ tools: z.array(ToolSchema) }) },
      },
    },
    async (request) => ({ tools: await request.inOrganization(listTools) }),
  );

  app.post(
    '/api/v1/orgs/:orgId/tools',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: {
        tags,
        summary: 'Configure a tool for the organization',
        params: OrgParamsSchema,
        body: CreateToolSchema,
        response: { 201: ToolSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await request.inOrganization((scope) =>
            createTool(scope, request.body, { secretSealer, googleConfigured }),
          ),
        ),
  );

  app.post(
    '/api/v1/orgs/:orgId/tools/presets',
    {
      // A preset always comes with its key: the secrets permission guards it (tools:write is checked inside).
      config: { access: { kind: 'org', permission: 'tools:secrets' } },
      schema: {
        tags,
        summary:
          'Create a ready HTTP tool for Zendesk, HubSpot or Shopify from the account’s domain and key (stored encrypted)',
        params: OrgParamsSchema,
        body: CreatePresetToolSchema,
        response: { 201: ToolSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await request.inOrganization((scope) => createPresetTool(scope, request.body, { secretSealer })),
        ),
  );

  app.post(
    '/api/v1/orgs/:orgId/tools/openapi-preview',
    {
      config: {
        access: { kind: 'org', permission: 'tools:write' },
        // Each preview parses a document of up to megabytes: a budget of its own per organization.
        organizationRateLimit: 'openapi-import',
      },
      // Room for a document at the import's own limit once escaped into JSON (quotes and line breaks grow
      // by a backslash), so that its 413 (which names the limit in the document's terms) answers, not the
      // generic one.
      bodyLimit: 2 * OPENAPI_DOCUMENT_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Read an OpenAPI 3 or Swagger 2.0 document (JSON or YAML) or a Postman collection v2.x into candidate functions and authentication of an HTTP tool',
        params: OrgParamsSchema,
        body: OpenApiPreviewRequestSchema,
        response: { 200: OpenApiPreviewSchema },
      },
    },
    async (request) => {
      // Membership and permission in a short transaction of their own: the import takes seconds and needs
      // no database connection meanwhile.
      await request.inOrganization(async () => {});
      return previewOpenApiImport(request.body, openApiImporter);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/tools/:toolId',
    {
      config: { access: { kind: 'org', permission: 'tools:read' } },
      schema: { tags, summary: 'A configured tool', params: ToolParamsSchema, response: { 200: ToolSchema } },
    },
    (request) => request.inOrganization(({ tx }) => findTool(tx, request.params.toolId)),
  );

  app.patch(
    '/api/v1/orgs/:orgId/tools/:toolId',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: {
        tags,
        summary: 'Rename a tool, replace its configuration, or set and delete its secrets',
        description:
          'Setting or deleting secrets, and a configuration that sends requests to a new origin while the tool has secrets, need tools:secrets. Such a configuration deletes the secrets not given again in the same request and names them in droppedSecrets.',
        params: ToolParamsSchema,
        body: UpdateToolSchema,
        response: { 200: UpdatedToolSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) =>
        updateTool(scope, request.params.toolId, request.body, { secretSealer }),
      ),
  );

  app.delete(
    '/api/v1/orgs/:orgId/tools/:toolId',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: { tags, summary: 'Delete a tool and its secrets', params: ToolParamsSchema },
    },
    async (request, reply) => {
      await request.inOrganization((scope) => deleteTool(scope, request.params.toolId));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/tools/:toolId/test-runs',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: {
        tags,
        summary: 'Run one function with sample arguments in the worker tier; poll the run for its result',
        params: ToolParamsSchema,
        body: CreateToolTestRunSchema,
        response: { 202: ToolTestRunSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await request.inOrganization((scope) =>
            requestToolTestRun(scope, request.params.toolId, request.body),
          ),
        ),
  );

  app.get(
    '/api/v1/orgs/:orgId/tools/:toolId/test-runs/:runId',
    {
      config: { access: { kind: 'org', permission: 'tools:read' } },
      schema: {
        tags,
        summary: 'A test run: pending, or its result or error',
        params: ToolTestRunParamsSchema,
        response: { 200: ToolTestRunSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) => getToolTestRun(scope, request.params.toolId, request.params.runId)),
  );

  app.post(
    '/api/v1/orgs/:orgId/tools/:toolId/mcp-refreshes',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: {
        tags,
        summary:
          'List an MCP server tool’s tools again, in the worker tier, and store them as its functions; poll the refresh for what changed',
        params: ToolParamsSchema,
        response: { 202: McpRefreshSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await request.inOrganization((scope) => requestMcpRefresh(scope, request.params.toolId))),
  );

  app.get(
    '/api/v1/orgs/:orgId/tools/:toolId/mcp-refreshes/:refreshId',
    {
      config: { access: { kind: 'org', permission: 'tools:read' } },
      schema: {
        tags,
        summary: 'A refresh of an MCP server tool: pending, or what changed, or why it failed',
        params: McpRefreshParamsSchema,
        response: { 200: McpRefreshSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) =>
        getMcpRefresh(scope, request.params.toolId, request.params.refreshId),
      ),
  );
}
