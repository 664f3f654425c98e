import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const LocalSecretsSchema = z.object({
  postgresPassword: z.string().min(16),
  appDatabasePassword: z.string().min(16),
  workerDatabasePassword: z.string().min(16),
  betterAuthSecret: z.string().min(32),
  /** AES-256 key for tool secrets and OAuth tokens, base64; added to older data directories on start. */
  encryptionKey: z.string().min(40).optional(),
});
export type LocalSecrets = z.infer<typeof LocalSecretsSchema>;

const generate = (): LocalSecrets => ({
  postgresPassword: randomBytes(18).toString('base64url'),
  appDatabasePassword: randomBytes(18).toString('base64url'),
  workerDatabasePassword: randomBytes(18).toString('base64url'),
  betterAuthSecret: randomBytes(32).toString('base64url'),
  encryptionKey: randomBytes(32).toString('base64'),
});

/**
 * Secrets an installation needs but nobody configured: generated once into the data directory (mode 600)
 * and reused, so a restart keeps sessions and database passwords.
 */
export async function loadLocalSecrets(
  dataDir: string,
): Promise<{ secrets: Required<LocalSecrets>; created: string[] }> {
  const file = path.join(dataDir, 'secrets.json');
  const stored = existsSync(file)
    ? LocalSecretsSchema.parse(JSON.parse(await readFile(file, 'utf8')))
    : undefined;
  const secrets = { ...generate(), ...stored } as Required<LocalSecrets>;
  const created = Object.keys(secrets).filter((key) => !stored || !(key in stored));
  if (created.length > 0) await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { secrets, created };
}
