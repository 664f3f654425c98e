/**
 * What every preview says. The catalog's voices are multilingual and tuned for English, so the sample is
 * English. Changing the sentence means raising the version: previews are cached by (provider, voice,
 * version), so the new sentence is generated afresh and the old rows are simply no longer asked for.
 */
export const VOICE_PREVIEW_SAMPLE = {
  version: 1,
  text: 'Hello! Thanks for calling. This is how I sound on the phone. How can I help you today?',
} as const;
