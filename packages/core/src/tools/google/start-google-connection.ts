import { googleCalendarAuthorizationUrl } from '@switchboard/tools/kinds/google-calendar/google-oauth';
import type { OrgScope } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import { findTool } from '../find-tool.ts';
import { signConnectionState } from './connection-state.ts';
import type { GoogleSettings } from './google-settings.ts';

/** Where to send the browser so an administrator grants calendar access for this tool. */
export async function startGoogleConnection(
  { tx, actor, membership }: OrgScope,
  toolId: string,
  { google }: { google: GoogleSettings | undefined },
): Promise<{ authorizationUrl: string }> {
  if (!google) {
    throw new AppError(
      'VALIDATION_ERROR',
      'Google is not configured on this installation: the operator sets GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
    );
  }
  const tool = await findTool(tx, toolId);
  if (tool.kind !== 'google_calendar')
    throw new AppError('VALIDATION_ERROR', `${tool.name} is not a Google tool`);
  const state = signConnectionState(google.stateSecret, {
    organizationId: membership.organizationId,
    toolId,
    userId: actor.userId,
  });
  return {
    authorizationUrl: googleCalendarAuthorizationUrl({
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      redirectUri: google.redirectUri,
      state,
    }),
  };
}
