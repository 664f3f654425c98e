import { GENERATED_FILE, writeApiTypes } from './lib/openapi-codegen.ts';

// Regenerates the typed client's types from the OpenAPI document the API builds from its zod contracts.
await writeApiTypes();
console.log(`wrote ${GENERATED_FILE}`);
