import { type PublicConfig, PublicConfigSchema } from '@switchboard/contracts/config';
import type { FastifyZodInstance } from '../../types.ts';

export function configRoutes(
  app: FastifyZodInstance,
  { publicConfig }: { publicConfig: PublicConfig },
): void {
  app.get(
    '/api/v1/config',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        summary: 'What this installation has switched on',
        security: [],
        response: { 200: PublicConfigSchema },
      },
    },
    async () => publicConfig,
  );
}
