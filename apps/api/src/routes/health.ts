import { HealthSchema } from '@switchboard/contracts/config';
import type { Database } from '@switchboard/db/database';
import { sql } from 'kysely';
import type { FastifyZodInstance } from '../types.ts';

export function healthRoutes(app: FastifyZodInstance, { db }: { db: Database }): void {
  app.get(
    '/api/health',
    {
      config: { access: { kind: 'public' } },
      schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: HealthSchema } },
    },
    async () => {
      await sql`select 1`.execute(db);
      return { status: 'ok' as const, database: 'ok' as const };
    },
  );
}
