import { GoogleCalendarConfigSchema, type Tool } from '@switchboard/contracts/tools';
import type { OrgScope } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { GOOGLE_TOKENS_SECRET } from '../../runtime/build-tool-functions.ts';
import { findTool } from '../find-tool.ts';

export const REVOKE_GOOGLE_TOKENS_TASK = 'revoke_google_tokens';

/**
 * Stops using the Google account at once and queues the revocation of its grant in the worker tier (the
 * API cannot open the tokens). The job revokes only the tokens stored now, not a later reconnection's.
 */
export async function disconnectGoogle({ tx, membership }: OrgScope, toolId: string): Promise<Tool> {
  const tool = await findTool(tx, toolId);
  if (tool.kind !== 'google_calendar')
    throw new AppError('VALIDATION_ERROR', `${tool.name} is not a Google tool`);
  const { connection: _forgotten, ...config } = GoogleCalendarConfigSchema.parse(tool.config);
  await tx
    .updateTable('tools')
    .set({
      config: JSON.stringify(config),
      status: 'needs_connection',
      statusMessage: 'Disconnected: connect a Google account to use this tool again',
      updatedAt: new Date(),
    })
    .where('id', '=', toolId)
    .execute();
  const stored = await tx
    .selectFrom('toolSecrets')
    .select('updatedAt')
    .where('toolId', '=', toolId)
    .where('name', '=', GOOGLE_TOKENS_SECRET)
    .executeTakeFirst();
  if (stored) {
    const payload = {
      organizationId: membership.organizationId,
      toolId,
      storedAt: stored.updatedAt.toISOString(),
    };
    await enqueueJob(tx, REVOKE_GOOGLE_TOKENS_TASK, payload, 5);
  }
  return findTool(tx, toolId);
}
