type VoiceSetting =
  | 'LIVEKIT_URL'
  | 'LIVEKIT_API_KEY'
  | 'LIVEKIT_API_SECRET'
  | 'GOOGLE_API_KEY'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL';

/**
 * What voice still needs before calls can run: the LiveKit project and one model provider. The API, the
 * worker and `npm start` ask the same question, so they give the same answer.
 */
export function missingVoiceSettings(env: Partial<Record<VoiceSetting, string>>): string[] {
  const missing: string[] = (['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const).filter(
    (name) => !env[name]?.trim(),
  );
  if (!env.GOOGLE_API_KEY?.trim() && !env.OPENAI_API_KEY?.trim() && !env.OPENAI_BASE_URL?.trim()) {
    missing.push('GOOGLE_API_KEY (or OPENAI_API_KEY, or OPENAI_BASE_URL)');
  }
  return missing;
}
