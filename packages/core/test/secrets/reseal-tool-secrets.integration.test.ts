import { randomBytes } from 'node:crypto';
import { resealToolSecrets } from '@switchboard/core/secrets/reseal-tool-secrets';
import {
  createSecretBox,
  createSecretSealer,
  generateSecretsKeyPair,
} from '@switchboard/core/secrets/secret-box';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sealLegacy } from '../../src/testing/seal-legacy.ts';
import { storedCiphertext, storeToolSecret } from '../../src/testing/stored-tool-secret.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

it('migrates former AES values and values of a rotated-out key pair to the current pair, once', async () => {
  const legacyKey = randomBytes(32).toString('base64');
  const oldPair = generateSecretsKeyPair();
  const newPair = generateSecretsKeyPair();
  const legacyTool = await storeToolSecret(db.owner, 'api_key', (context) =>
    sealLegacy(legacyKey, 'secret-legacy', context),
  );
  const rotatedTool = await storeToolSecret(db.owner, 'api_key', (context) =>
    createSecretSealer(oldPair.publicKey).seal('secret-rotated', context),
  );
  const lostTool = await storeToolSecret(db.owner, 'api_key', (context) =>
    sealLegacy(randomBytes(32).toString('base64'), 'secret-lost', context),
  );
  const lostBefore = await storedCiphertext(db.owner, lostTool);

  const box = createSecretBox({
    privateKey: newPair.privateKey,
    previousPrivateKeys: [oldPair.privateKey],
    legacyKeys: [legacyKey],
  });
  const databases = { systemDb: db.system, workerDb: db.worker };
  const lost = [{ toolId: lostTool, name: 'api_key' }];
  expect(await resealToolSecrets(databases, box)).toEqual({ checked: 3, resealed: 2, unopenable: lost });
  expect(await resealToolSecrets(databases, box)).toEqual({ checked: 3, resealed: 0, unopenable: lost });

  // Only the new private key is needed from now on; the older keys open nothing that is left.
  const newOnly = createSecretBox({ privateKey: newPair.privateKey });
  const oldOnly = createSecretBox({ privateKey: oldPair.privateKey, legacyKeys: [legacyKey] });
  for (const [toolId, value] of [
    [legacyTool, 'secret-legacy'],
    [rotatedTool, 'secret-rotated'],
  ] as const) {
    const ciphertext = await storedCiphertext(db.owner, toolId);
    expect(ciphertext).toMatch(new RegExp(`^v2\\.${newOnly.keyId}\\.`));
    expect(newOnly.open(ciphertext, toolSecretContext(toolId, 'api_key'))).toBe(value);
    expect(() => oldOnly.open(ciphertext, toolSecretContext(toolId, 'api_key'))).toThrow();
  }
  expect(await storedCiphertext(db.owner, lostTool)).toBe(lostBefore);
});
