import { recordRoomEvent } from '@switchboard/core/calls/record-room-event';
import { AppError } from '@switchboard/core/errors';
import type { Database } from '@switchboard/db/database';
import { WebhookReceiver } from 'livekit-server-sdk';
import type { LiveKitSettings } from '../../livekit/livekit-settings.ts';
import type { FastifyZodInstance } from '../../types.ts';

/**
 * LiveKit's webhooks: the authoritative start and end of each call's room. Verified with the SDK's
 * receiver (the JWT in Authorization signs the body's hash), so the body is read raw.
 */
export function liveKitWebhookRoutes(
  app: FastifyZodInstance,
  deps: { db: Database; livekit?: LiveKitSettings | undefined },
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
        schema: { tags: ['webhooks'], summary: 'LiveKit room events (signed by LiveKit)', hide: true },
      },
      async (request, reply) => {
        let event: Awaited<ReturnType<WebhookReceiver['receive']>>;
        try {
          event = await receiver.receive(String(request.body ?? ''), request.headers.authorization);
        } catch {
          throw new AppError('INVALID_SIGNATURE', 'The webhook signature does not match');
        }
        const roomName = event.room?.name;
        const at = new Date(Number(event.createdAt ?? 0n) * 1000 || Date.now());
        if (roomName && (event.event === 'room_started' || event.event === 'room_finished')) {
          await recordRoomEvent(deps.db, { kind: event.event, roomName, at });
        }
        return reply.status(204).send();
      },
    );
  });
}
