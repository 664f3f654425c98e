import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';

// `npx tsx scripts/secrets-key-pair.ts`: a new key pair for sealing secrets (docs/secrets.md). The public
// key goes to the API, the private key to the worker tier only.
const { publicKey, privateKey } = generateSecretsKeyPair();
console.log(`SWITCHBOARD_SECRETS_PUBLIC_KEY=${publicKey}`);
console.log(`SWITCHBOARD_SECRETS_PRIVATE_KEY=${privateKey}`);
