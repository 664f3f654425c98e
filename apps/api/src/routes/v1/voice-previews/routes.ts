import { OrgParamsSchema } from '@switchboard/contracts/common';
import {
  VoicePreviewKeySchema,
  VoicePreviewParamsSchema,
  VoicePreviewProvidersSchema,
  VoicePreviewSchema,
} from '@switchboard/contracts/voice-previews';
import type { ModelSettings } from '@switchboard/core/voice/missing-model-setting';
import { findVoicePreview } from '@switchboard/core/voice-previews/find-voice-preview';
import { listVoicePreviewProviders } from '@switchboard/core/voice-previews/list-voice-preview-providers';
import { readVoicePreviewAudio } from '@switchboard/core/voice-previews/read-voice-preview-audio';
import { requestVoicePreview } from '@switchboard/core/voice-previews/request-voice-preview';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['agents'];
// Every member: hearing a catalog voice reveals nothing of the organization, and choosing a voice is how
// anyone reads an agent's settings too.
const access = { kind: 'org', permission: null } as const;

/**
 * Voice previews (docs/dashboard.md "Voice previews"): the API knows only whether each model key is set; the
 * worker tier's job runner, which holds the keys, generates each preview once, and the API serves it from
 * the cache (voice_previews, migration 032) ever after.
 */
export function voicePreviewRoutes(app: FastifyZodInstance, deps: { modelSettings: ModelSettings }): void {
  const settings = deps.modelSettings;

  app.get(
    '/api/v1/orgs/:orgId/voice-previews',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Which providers’ voices can be previewed on this installation',
        params: OrgParamsSchema,
        response: { 200: VoicePreviewProvidersSchema },
      },
    },
    // Inside the organization although it reads nothing there: membership is checked in there.
    (request) => request.inOrganization(async () => listVoicePreviewProviders(settings)),
  );

  app.post(
    '/api/v1/orgs/:orgId/voice-previews',
    {
      config: { access },
      schema: {
        tags,
        summary:
          'Ask for a voice’s preview: 200 when ready, 202 while the worker tier generates it (poll it)',
        params: OrgParamsSchema,
        body: VoicePreviewKeySchema,
        response: { 200: VoicePreviewSchema, 202: VoicePreviewSchema },
      },
    },
    async (request, reply) => {
      const preview = await request.inOrganization(({ tx, membership }) =>
        requestVoicePreview(tx, membership.organizationId, request.body, settings),
      );
      return reply.status(preview.status === 'pending' ? 202 : 200).send(preview);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/voice-previews/:provider/:voice',
    {
      config: { access },
      schema: {
        tags,
        summary: 'A voice’s preview: pending, ready (with its audio URL) or failed',
        params: VoicePreviewParamsSchema,
        response: { 200: VoicePreviewSchema },
      },
    },
    (request) =>
      request.inOrganization(({ tx, membership }) =>
        findVoicePreview(tx, membership.organizationId, request.params, settings),
      ),
  );

  app.get(
    '/api/v1/orgs/:orgId/voice-previews/:provider/:voice/audio',
    {
      config: { access },
      schema: {
        tags,
        summary: 'A ready preview’s audio (audio/wav or audio/mpeg)',
        params: VoicePreviewParamsSchema,
        response: { 200: z.any().meta({ description: 'The audio, audio/wav or audio/mpeg' }) },
      },
    },
    async (request, reply) => {
      const { contentType, audio } = await request.inOrganization(({ tx }) =>
        readVoicePreviewAudio(tx, request.params, settings),
      );
      // The same sentence for a given sample version forever: browsers may keep it for a day.
      return reply.type(contentType).header('cache-control', 'private, max-age=86400').send(audio);
    },
  );
}
