import { generateSchemaTypes } from '../packages/db/src/codegen.ts';
import { startTestCluster, TEMPLATE_DATABASE } from '../packages/db/src/test-cluster.ts';

// Regenerates packages/db/src/schema.generated.ts from a throwaway database migrated from scratch.
const cluster = await startTestCluster();
try {
  const url = new URL(cluster.serverUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  await generateSchemaTypes({ url: url.toString() });
  console.log('wrote packages/db/src/schema.generated.ts');
} finally {
  await cluster.stop();
}
