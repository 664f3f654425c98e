import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { describe, expect, it } from 'vitest';
import { warmUpCallSetup } from '../../src/runtime/warm-up.ts';

describe("warming up a job process before its call (entry.ts's prewarm)", () => {
  it('runs the setup of a made-up agent in memory, with the worker secret box, and sends nothing', () => {
    const secretBox = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey });
    // Its only function's fetch refuses: a request would throw here instead of leaving the process.
    expect(() => warmUpCallSetup(secretBox)).not.toThrow();
  });

  it('fails loudly when the secret box cannot open what it sealed, rather than pretend it warmed up', () => {
    const secretBox = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey });
    const other = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey });
    expect(() => warmUpCallSetup({ ...secretBox, seal: other.seal })).toThrow(/sealed for key pair/);
  });
});
