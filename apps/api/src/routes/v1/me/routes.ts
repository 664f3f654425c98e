import type { PublicConfig } from '@switchboard/contracts/config';
import { MeSchema } from '@switchboard/contracts/me';
import { listMyOrganizations } from '@switchboard/core/organizations/list-my-organizations';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import type { FastifyZodInstance } from '../../../types.ts';

export function meRoutes(
  app: FastifyZodInstance,
  { db, publicConfig }: { db: Database; publicConfig: PublicConfig },
): void {
  app.get(
    '/api/v1/me',
    {
      config: { access: { kind: 'user', freshSession: true } },
      schema: {
        tags: ['account'],
        summary: 'The signed-in user, their organizations and what this installation has switched on',
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const organizations = await withTenant(db, { userId: actor.userId }, (tx) =>
        listMyOrganizations(tx, actor.userId),
      );
      const { userId, ...user } = actor;
      return { user: { id: userId, ...user }, organizations, installation: publicConfig };
    },
  );
}
