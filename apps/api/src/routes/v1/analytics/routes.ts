import { AgentParamsSchema } from '@switchboard/contracts/agents';
import {
  AgentLatencyQuerySchema,
  AgentLatencySchema,
  AnalyticsQuerySchema,
  AnalyticsSchema,
} from '@switchboard/contracts/analytics';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import { exportCallsCsv } from '@switchboard/core/analytics/export-calls-csv';
import { getAgentLatency } from '@switchboard/core/analytics/get-agent-latency';
import { getAnalytics } from '@switchboard/core/analytics/get-analytics';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['analytics'];

/** Analytics read calls: whoever may read calls may read them (docs/analytics.md). */
export function analyticsRoutes(app: FastifyZodInstance): void {
  app.get(
    '/api/v1/orgs/:orgId/analytics',
    {
      config: { access: { kind: 'org', permission: 'calls:read' } },
      schema: {
        tags,
        summary: "The organization's call analytics over a range of days, for all agents or one",
        params: OrgParamsSchema,
        querystring: AnalyticsQuerySchema,
        response: { 200: AnalyticsSchema },
      },
    },
    (request) => request.inOrganization((scope) => getAnalytics(scope, request.query)),
  );

  app.get(
    '/api/v1/orgs/:orgId/analytics/calls.csv',
    {
      config: { access: { kind: 'org', permission: 'calls:read' } },
      schema: {
        tags,
        summary: 'The calls behind the analytics as CSV (text/csv, at most 100,000 lines per file)',
        params: OrgParamsSchema,
        querystring: AnalyticsQuerySchema,
      },
    },
    async (request, reply) => {
      const { filename, csv, truncated } = await request.inOrganization((scope) =>
        exportCallsCsv(scope, request.query),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .header('x-csv-truncated', String(truncated))
        .send(csv);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/agents/:agentId/latency',
    {
      config: { access: { kind: 'org', permission: 'calls:read' } },
      schema: {
        tags,
        summary: "The agent's turn latency percentiles over its most recent calls",
        params: AgentParamsSchema,
        querystring: AgentLatencyQuerySchema,
        response: { 200: AgentLatencySchema },
      },
    },
    (request) =>
      request.inOrganization((scope) => getAgentLatency(scope, request.params.agentId, request.query)),
  );
}
