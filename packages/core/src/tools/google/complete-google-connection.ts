import { GoogleCalendarConfigSchema } from '@switchboard/contracts/tools';
import type { Database } from '@switchboard/db/database';
import {
  exchangeGoogleCode,
  listGoogleCalendars,
} from '@switchboard/tools/kinds/google-calendar/google-oauth';
import type { Actor } from '../../access/actor.ts';
import { inOrganization } from '../../access/in-organization.ts';
import { AppError } from '../../errors.ts';
import { GOOGLE_TOKENS_SECRET } from '../../runtime/build-tool-functions.ts';
import { findTool } from '../find-tool.ts';
import { writeToolSecrets } from '../write-tool-secrets.ts';
import { verifyConnectionState } from './connection-state.ts';
import type { GoogleConnectionDeps } from './google-settings.ts';

/**
 * Google's redirect back: trades the code for tokens, notes the account and its calendars, and stores the
 * tokens sealed with the worker tier's public key. The API holds the tokens only for this request and
 * cannot open what it sealed; from now on only the worker tier opens them.
 */
export async function completeGoogleConnection(
  db: Database,
  actor: Actor,
  input: { state: string; code: string },
  { google, secretSealer }: GoogleConnectionDeps,
): Promise<{ organizationId: string; toolId: string }> {
  if (!google) throw new AppError('VALIDATION_ERROR', 'Google is not configured on this installation');
  const state = verifyConnectionState(google.stateSecret, input.state);
  if (state.userId !== actor.userId) {
    throw new AppError(
      'FORBIDDEN',
      'This Google sign-in was started by someone else; start connecting again',
    );
  }
  const oauth = {
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    redirectUri: google.redirectUri,
  };
  const endpoints = google.endpoints && { endpoints: google.endpoints };
  const granted = await exchangeGoogleCode({ ...oauth, code: input.code, ...endpoints });
  const credentials = {
    accessToken: granted.accessToken,
    refreshToken: granted.refreshToken,
    ...(granted.expiryDate !== undefined && { expiryDate: granted.expiryDate }),
  };
  const calendars = await listGoogleCalendars({ credentials, oauth, ...endpoints });

  await inOrganization(db, actor, state.organizationId, 'tools:write', async ({ tx, membership }) => {
    const tool = await findTool(tx, state.toolId);
    const config = GoogleCalendarConfigSchema.parse(tool.config);
    const connection = {
      email: granted.email ?? null,
      calendars: calendars.map(({ id, summary, primary }) => ({ id, summary, primary })),
    };
    await writeToolSecrets(
      tx,
      secretSealer,
      { organizationId: membership.organizationId, toolId: tool.id },
      { [GOOGLE_TOKENS_SECRET]: JSON.stringify(credentials) },
    );
    await tx
      .updateTable('tools')
      .set({
        config: JSON.stringify({ ...config, connection }),
        status: 'ready',
        statusMessage: null,
        updatedAt: new Date(),
      })
      .where('id', '=', tool.id)
      .execute();
  });
  return { organizationId: state.organizationId, toolId: state.toolId };
}
