import type { VoicePreviewKey } from '@switchboard/contracts/voice-previews';

/** Where the dashboard fetches a ready preview's audio (same origin, through the dashboard's /api proxy). */
export function voicePreviewAudioUrl(organizationId: string, { provider, voice }: VoicePreviewKey): string {
  return `/api/v1/orgs/${organizationId}/voice-previews/${provider}/${encodeURIComponent(voice)}/audio`;
}
