import { HealthSchema } from '@switchboard/contracts/config';
import { DATABASE_RETRY_AFTER_SECONDS } from '@switchboard/core/errors';
import type { Database } from '@switchboard/db/database';
import { isDatabaseUnavailable } from '@switchboard/db/database-unavailable';
import { sql } from 'kysely';
import type { FastifyZodInstance } from '../types.ts';

/**
 * A probe must answer sooner than a request gives up: a paused database would otherwise hold it for the
 * pool's whole query timeout.
 */
const PROBE_TIMEOUT_MS = 3_000;

export function healthRoutes(app: FastifyZodInstance, { db }: { db: Database }): void {
  app.get(
    '/api/health',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        summary: 'Liveness and dependency check',
        description: '503 names the dependencies that are not answering (the database).',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      const database = await probeDatabase(db).catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error;
        request.log.warn({ err: error }, 'health: the database is not answering');
        return 'down' as const;
      });
      if (database === 'ok') return { status: 'ok' as const, database, down: [] };
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return reply.status(503).send({ status: 'unavailable', database, down: ['database'] });
    },
  );
}

async function probeDatabase(db: Database): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => 'ok' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
