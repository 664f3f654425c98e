// Imports the GitHub REST API fixture N times, on the calling thread and through the API's worker-thread
// importer, and prints how long it takes and how long the event loop was blocked meanwhile.
// Run: node --import tsx bench/openapi-import.ts [iterations]
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importOpenApi } from '../packages/tools/src/openapi/import-openapi.ts';
import { createOpenApiImporter } from '../packages/tools/src/openapi/import-openapi-off-thread.ts';
import { yamlDocumentWithOperations } from '../packages/tools/src/testing/openapi-documents.ts';

const iterations = Number(process.argv[2] ?? 20);
const fixtureUrl = new URL('../packages/tools/test/fixtures/github-rest-subset.json', import.meta.url);
const text = readFileSync(fixtureUrl, 'utf8');

async function measure(label: string, run: () => Promise<unknown>) {
  // The first import compiles Ajv validators and warms the JIT (and, off-thread, starts the thread).
  let started = performance.now();
  await run();
  const firstMs = performance.now() - started;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const timings: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Back to the event loop between imports, as a server would be, so the delay monitor can sample.
    await new Promise((resolve) => setTimeout(resolve, 20));
    started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  loop.disable();
  timings.sort((a, b) => a - b);
  const total = timings.reduce((sum, ms) => sum + ms, 0);
  const percentile = (p: number) =>
    timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))] ?? 0;
  console.log(`${label}:`);
  console.log(`  first import (cold): ${firstMs.toFixed(1)} ms`);
  console.log(
    `  ${iterations} imports: mean ${(total / iterations).toFixed(1)} ms, median ${percentile(50).toFixed(1)} ms, ` +
      `p95 ${percentile(95).toFixed(1)} ms, min ${(timings[0] ?? 0).toFixed(1)} ms`,
  );
  console.log(`  event loop blocked: at most ${(loop.max / 1e6).toFixed(0)} ms at a time`);
  return total;
}

const first = await importOpenApi(text);
const operations = first.operations.length;
const parametersBytes = JSON.stringify(first.operations.map((o) => o.function)).length;
console.log(
  `fixture: ${(text.length / 1e6).toFixed(2)} MB, ${operations} operations → ${(parametersBytes / 1e3).toFixed(0)} kB of functions`,
);

const inThreadMs = await measure('on the calling thread (importOpenApi)', () => importOpenApi(text));
console.log(`  throughput: ${((operations * iterations) / (inThreadMs / 1000)).toFixed(0)} operations/s`);

const importer = createOpenApiImporter({ threads: 1 });
await measure('in a worker thread (the API’s importer)', () => importer.import(text));

// The largest YAML the import reads: refused for its operation count, after parsing, within the budget.
const large = yamlDocumentWithOperations(7_000);
const started = performance.now();
const outcome = await importer.import(large).then(
  () => 'imported',
  (error: Error) => error.message.split(';')[0],
);
console.log(
  `${(large.length / 1024 / 1024).toFixed(2)} MB of YAML in a worker thread: ${outcome} after ${(performance.now() - started).toFixed(0)} ms`,
);
await importer.close();
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (this thread)`);
