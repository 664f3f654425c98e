import { randomBytes, randomUUID } from 'node:crypto';
import { resealToolSecrets } from '@switchboard/core/secrets/reseal-tool-secrets';
import { createSecretBox } from '@switchboard/core/secrets/secret-box';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

it('re-seals secrets of every organization under the new key, once', async () => {
  const oldKey = randomBytes(32).toString('base64');
  const oldBox = createSecretBox({ key: oldKey });
  const rotated = createSecretBox({ key: randomBytes(32).toString('base64'), previousKeys: [oldKey] });
  const stored: { toolId: string; value: string }[] = [];
  for (const label of ['a', 'b']) {
    const organizationId = randomUUID();
    await db.owner
      .insertInto('organizations')
      .values({ id: organizationId, name: label, slug: `${label}-${organizationId}` })
      .execute();
    const { id: toolId } = await db.owner
      .insertInto('tools')
      .values({ organizationId, kind: 'http', name: 'T', config: JSON.stringify({ functions: [] }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const value = `secret-${label}`;
    await db.owner
      .insertInto('toolSecrets')
      .values({
        organizationId,
        toolId,
        name: 'api_key',
        ciphertext: oldBox.seal(value, toolSecretContext(toolId, 'api_key')),
      })
      .execute();
    stored.push({ toolId, value });
  }

  expect(await resealToolSecrets(db.worker, rotated)).toEqual({ checked: 2, resealed: 2 });
  expect(await resealToolSecrets(db.worker, rotated)).toEqual({ checked: 2, resealed: 0 });

  const newOnly = createSecretBox({ key: randomBytes(32).toString('base64') });
  for (const { toolId, value } of stored) {
    const { ciphertext } = await db.owner
      .selectFrom('toolSecrets')
      .select('ciphertext')
      .where('toolId', '=', toolId)
      .executeTakeFirstOrThrow();
    expect(rotated.isStale(ciphertext)).toBe(false);
    expect(rotated.open(ciphertext, toolSecretContext(toolId, 'api_key'))).toBe(value);
    expect(() => newOnly.open(ciphertext, toolSecretContext(toolId, 'api_key'))).toThrow();
  }
});
