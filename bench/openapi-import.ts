// Imports the GitHub REST API fixture N times and prints how long it takes.
// Run: node --import tsx bench/openapi-import.ts [iterations]
import { readFileSync } from 'node:fs';
import { importOpenApi } from '../packages/tools/src/openapi/import-openapi.ts';

const iterations = Number(process.argv[2] ?? 20);
const fixtureUrl = new URL('../packages/tools/test/fixtures/github-rest-subset.json', import.meta.url);
const text = readFileSync(fixtureUrl, 'utf8');

// The first import compiles Ajv validators and warms the JIT; it is reported apart.
let started = performance.now();
const first = await importOpenApi(text);
const firstMs = performance.now() - started;
const operations = first.operations.length;

const timings: number[] = [];
for (let i = 0; i < iterations; i++) {
  started = performance.now();
  await importOpenApi(text);
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);
const total = timings.reduce((sum, ms) => sum + ms, 0);
const mean = total / iterations;
const percentile = (p: number) =>
  timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))] ?? 0;
const parametersBytes = JSON.stringify(first.operations.map((o) => o.function)).length;

console.log(
  `fixture: ${(text.length / 1e6).toFixed(2)} MB, ${operations} operations → ${(parametersBytes / 1e3).toFixed(0)} kB of functions`,
);
console.log(`first import (cold): ${firstMs.toFixed(1)} ms`);
console.log(
  `${iterations} imports: mean ${mean.toFixed(1)} ms, median ${percentile(50).toFixed(1)} ms, ` +
    `p95 ${percentile(95).toFixed(1)} ms, min ${(timings[0] ?? 0).toFixed(1)} ms`,
);
console.log(`throughput: ${((operations * iterations) / (total / 1000)).toFixed(0)} operations/s`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
