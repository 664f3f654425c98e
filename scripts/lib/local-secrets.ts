import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { z } from 'zod';

const LocalSecretsSchema = z.object({
  postgresPassword: z.string().min(16),
  appDatabasePassword: z.string().min(16),
  workerDatabasePassword: z.string().min(16),
  /** Added to older data directories on start, like the roles of migration 010. */
  systemDatabasePassword: z.string().min(16).optional(),
  authDatabasePassword: z.string().min(16).optional(),
  betterAuthSecret: z.string().min(32),
  /**
   * Opens tool secrets and OAuth tokens (X25519, base64); only the worker tier gets it, the API gets its
   * public key. Added to older data directories on start.
   */
  secretsPrivateKey: z.string().min(40).optional(),
  /**
   * Legacy: the AES-256 key of installations from before the key pair, never generated any more. The worker
   * tier gets it to re-seal what it sealed (docs/secrets.md); remove it once that is done.
   */
  encryptionKey: z.string().min(40).optional(),
});
export type LocalSecrets = z.infer<typeof LocalSecretsSchema>;
/** Everything generated is there; only the legacy key may be missing. */
export type LoadedSecrets = Required<Omit<LocalSecrets, 'encryptionKey'>> &
  Pick<LocalSecrets, 'encryptionKey'>;

const generate = (): LocalSecrets => ({
  postgresPassword: randomBytes(18).toString('base64url'),
  appDatabasePassword: randomBytes(18).toString('base64url'),
  workerDatabasePassword: randomBytes(18).toString('base64url'),
  systemDatabasePassword: randomBytes(18).toString('base64url'),
  authDatabasePassword: randomBytes(18).toString('base64url'),
  betterAuthSecret: randomBytes(32).toString('base64url'),
  secretsPrivateKey: generateSecretsKeyPair().privateKey,
});

/**
 * Secrets an installation needs but nobody configured: generated once into the data directory (mode 600)
 * and reused, so a restart keeps sessions and database passwords.
 */
export async function loadLocalSecrets(
  dataDir: string,
): Promise<{ secrets: LoadedSecrets; created: string[] }> {
  const file = path.join(dataDir, 'secrets.json');
  const stored = existsSync(file)
    ? LocalSecretsSchema.parse(JSON.parse(await readFile(file, 'utf8')))
    : undefined;
  const secrets = { ...generate(), ...stored } as LoadedSecrets;
  const created = Object.keys(secrets).filter((key) => !stored || !(key in stored));
  if (created.length > 0) await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { secrets, created };
}
