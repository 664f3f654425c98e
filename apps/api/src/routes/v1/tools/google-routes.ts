import { ToolParamsSchema, ToolSchema } from '@switchboard/contracts/tools';
import { AppError } from '@switchboard/core/errors';
import type { SecretSealer } from '@switchboard/core/secrets/secret-box';
import { completeGoogleConnection } from '@switchboard/core/tools/google/complete-google-connection';
import { verifyConnectionState } from '@switchboard/core/tools/google/connection-state';
import { disconnectGoogle } from '@switchboard/core/tools/google/disconnect-google';
import { GOOGLE_CALLBACK_PATH, type GoogleSettings } from '@switchboard/core/tools/google/google-settings';
import { startGoogleConnection } from '@switchboard/core/tools/google/start-google-connection';
import type { Database } from '@switchboard/db/database';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['tools'];

/** Connecting a Google account to a Calendar tool: consent at Google, back here (state signed), tokens sealed. */
export function googleConnectionRoutes(
  app: FastifyZodInstance,
  deps: { db: Database; secretSealer: SecretSealer; google?: GoogleSettings | undefined; publicUrl: string },
): void {
  const connection = { google: deps.google, secretSealer: deps.secretSealer };
  const dashboard = deps.publicUrl.replace(/\/$/, '');

  app.post(
    '/api/v1/orgs/:orgId/tools/:toolId/google/connect',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: {
        tags,
        summary: 'Start connecting a Google account: returns the consent URL to open',
        params: ToolParamsSchema,
        response: { 200: z.object({ authorizationUrl: z.url() }) },
      },
    },
    (request) =>
      request.inOrganization((scope) => startGoogleConnection(scope, request.params.toolId, connection)),
  );

  app.post(
    '/api/v1/orgs/:orgId/tools/:toolId/google/disconnect',
    {
      config: { access: { kind: 'org', permission: 'tools:write' } },
      schema: {
        tags,
        summary: 'Stop using the connected Google account and revoke its grant',
        params: ToolParamsSchema,
        response: { 200: ToolSchema },
      },
    },
    (request) => request.inOrganization((scope) => disconnectGoogle(scope, request.params.toolId)),
  );

  app.get(
    GOOGLE_CALLBACK_PATH,
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Where Google sends the browser back after consent (register this URL with Google)',
        querystring: z.object({
          state: z.string().max(4096),
          code: z.string().max(4096).optional(),
          error: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { state, code, error } = request.query;
      let toolPage = `${dashboard}/`;
      try {
        if (!deps.google)
          throw new AppError('VALIDATION_ERROR', 'Google is not configured on this installation');
        const opened = verifyConnectionState(deps.google.stateSecret, state);
        toolPage = `${dashboard}/o/${opened.organizationId}/tools/${opened.toolId}`;
        if (error || !code)
          throw new AppError('VALIDATION_ERROR', `Google did not grant access (${error ?? 'no code'})`);
        await completeGoogleConnection(deps.db, request.actor!, { state, code }, connection);
        return reply.redirect(`${toolPage}?google=connected`);
      } catch (failure) {
        const message = failure instanceof AppError ? failure.message : 'Connecting Google failed; try again';
        if (!(failure instanceof AppError)) request.log.warn({ err: failure }, 'Google connection failed');
        return reply.redirect(`${toolPage}?google_error=${encodeURIComponent(message)}`);
      }
    },
  );
}
