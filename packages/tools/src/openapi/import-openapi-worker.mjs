// The entry of an OpenAPI import thread (import-openapi-off-thread.ts). Worker threads do not inherit the
// module hooks the parent registered (`node --import tsx`, vitest), so this plain-JavaScript file registers
// tsx before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./import-openapi-worker.ts');
