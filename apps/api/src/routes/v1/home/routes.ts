import { OrgParamsSchema } from '@switchboard/contracts/common';
import type { PublicConfig } from '@switchboard/contracts/config';
import { HomeStateSchema } from '@switchboard/contracts/home';
import { getHomeState, type HomeInstallation } from '@switchboard/core/organizations/get-home-state';
import type { FastifyZodInstance } from '../../../types.ts';

export function homeRoutes(
  app: FastifyZodInstance,
  deps: { publicConfig: PublicConfig; phone?: unknown },
): void {
  const installation: HomeInstallation = {
    voiceConfigured: deps.publicConfig.voice.configured,
    phoneConfigured: deps.phone !== undefined,
    metering: deps.publicConfig.billingMetering,
  };
  app.get(
    '/api/v1/orgs/:orgId/home',
    {
      // Every member: the checklist and balance are for all; calls and spending follow their permissions.
      config: { access: { kind: 'org', permission: null } },
      schema: {
        tags: ['organizations'],
        summary: 'The organization’s home page: setup checklist, recent calls, this month’s usage',
        params: OrgParamsSchema,
        response: { 200: HomeStateSchema },
      },
    },
    (request) => request.inOrganization((scope) => getHomeState(scope, installation)),
  );
}
