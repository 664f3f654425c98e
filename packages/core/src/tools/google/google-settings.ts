import type { GoogleEndpoints } from '@switchboard/tools/kinds/google-calendar/google-connection';
import type { SecretSealer } from '../../secrets/secret-box.ts';

/** The installation's Google OAuth client, when GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set. */
export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  /** Where Google sends people back: `${PUBLIC_URL}/api/v1/oauth/google/callback`, registered with Google. */
  redirectUri: string;
  /** Signs the OAuth `state` (server.ts passes BETTER_AUTH_SECRET; a key is derived from it). */
  stateSecret: string;
  /** Tests point these at a local fake. */
  endpoints?: GoogleEndpoints;
}

export interface GoogleConnectionDeps {
  google: GoogleSettings | undefined;
  secretSealer: SecretSealer;
}

export const GOOGLE_CALLBACK_PATH = '/api/v1/oauth/google/callback';
