import { recordRoomEvent } from '@switchboard/core/calls/record-room-event';
import { AppError } from '@switchboard/core/errors';
import type { SystemDatabase } from '@switchboard/db/database';
import { WebhookReceiver } from 'livekit-server-sdk';
import { z } from 'zod';
import type { LiveKitSettings } from '../../livekit/livekit-settings.ts';
import type { FastifyZodInstance } from '../../types.ts';

/** What became of an event, for whoever reads LiveKit's delivery log; any 2xx stops LiveKit retrying. */
const WebhookResultSchema = z.object({
  result: z.enum(['recorded', 'duplicate', 'untimely', 'ignored']),
});

/**
 * LiveKit's webhooks: the authoritative start and end of each call's room. Verified with the SDK's
 * receiver (the JWT in Authorization signs the body's hash), so the body is read raw. A valid signature is
 * not enough to change a call: recordRoomEvent applies each event once, and only while it is fresh.
 */
export function liveKitWebhookRoutes(
  app: FastifyZodInstance,
  deps: { systemDb: SystemDatabase; livekit?: LiveKitSettings | undefined },
): void {
  const { livekit } = deps;
  if (!livekit) return;
  const receiver = new WebhookReceiver(livekit.apiKey, livekit.apiSecret);

  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/webhook+json', 'application/json'],
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/webhooks/livekit',
      {
        config: { access: { kind: 'public' } },
        schema: {
          tags: ['webhooks'],
          summary: 'LiveKit room events (signed by LiveKit)',
          hide: true,
          response: { 200: WebhookResultSchema },
        },
      },
      async (request) => {
        let event: Awaited<ReturnType<WebhookReceiver['receive']>>;
        try {
          event = await receiver.receive(String(request.body ?? ''), request.headers.authorization);
        } catch {
          throw new AppError('INVALID_SIGNATURE', 'The webhook signature does not match');
        }
        const roomName = event.room?.name;
        if (!event.id || !roomName || (event.event !== 'room_started' && event.event !== 'room_finished')) {
          return { result: 'ignored' as const };
        }
        // Seconds since the epoch; 0 when LiveKit left it out.
        const createdAt = Number(event.createdAt ?? 0n);
        const result = await recordRoomEvent(deps.systemDb, {
          id: event.id,
          kind: event.event,
          roomName,
          at: createdAt > 0 ? new Date(createdAt * 1000) : null,
        });
        return { result };
      },
    );
  });
}
