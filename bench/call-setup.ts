// Call setup in the voice worker: from the job's dispatch metadata to an AgentSession ready to start, for an
// agent with 20 HTTP tools of 5 functions each (100 functions, each with its own parameters schema and
// every tool with a sealed secret), over a throwaway embedded PostgreSQL, through the worker's own code:
// parseDispatch, loadAgentRuntime (one tenant transaction as the worker role, secrets opened), createModel,
// createCallSession (the AgentSession) and buildAgent (the tools wrapped for LiveKit); also the worker
// process's own CPU time per setup. Then every function's argument validator (Ajv), in the first call and in
// later ones, which must find it compiled. Median and p90 of BENCH_RUNS (50) after 3 warm-ups, with the load
// average. In production each call has a job process of its own, so the first call in the process is what a
// call pays: it runs after the worker's prewarm (BENCH_PREWARM=off: without it). Figures of runs:
// docs/performance.md "Call setup". Not asserted anywhere.
// Run: node --import tsx bench/call-setup.ts   (optional: BENCH_RUNS, BENCH_PREWARM=off)
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { initializeLogger } from '@livekit/agents';
import type { AgentConfigInput } from '@switchboard/contracts/agents';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { createDatabase, type Database } from '@switchboard/db/database';
import { cloneTemplateDatabase, startTestCluster } from '@switchboard/db/test-cluster';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { validateArguments } from '@switchboard/tools/validate-arguments';
import { parseDispatch } from '../apps/worker/src/livekit/call-metadata.ts';
import { buildAgent } from '../apps/worker/src/runtime/build-agent.ts';
import { createCallControl } from '../apps/worker/src/runtime/call-control.ts';
import { createCallSession } from '../apps/worker/src/runtime/call-session.ts';
import { createModel } from '../apps/worker/src/runtime/create-model.ts';
import { warmUpCallSetup } from '../apps/worker/src/runtime/warm-up.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARM_UPS = 3;
const TOOLS = 20;
const FUNCTIONS_PER_TOOL = 5;

const say = (line: string) => console.log(`[call-setup] ${line}`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const secretBox = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey });

/** A parameters schema of the size imported OpenAPI operations have: a few typed, described fields. */
function parametersOf(tool: number, fn: number) {
  return {
    type: 'object',
    properties: {
      id: { type: 'string', description: `The record number (${tool}.${fn})`, pattern: '^[A-Z]-\\d+$' },
      quantity: { type: 'integer', minimum: 1, maximum: 100 + fn },
      email: { type: 'string', format: 'email' },
      when: { type: 'string', format: 'date-time' },
      status: { type: 'string', enum: ['open', 'closed', `tool-${tool}`] },
      address: {
        type: 'object',
        properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string' } },
        required: ['city'],
      },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
    },
    required: ['id'],
    additionalProperties: false,
  };
}

/** As an organization configures it through the API: 20 HTTP tools, 100 functions, all enabled. */
async function seed(owner: Database) {
  const organizationId = randomUUID();
  await owner
    .insertInto('organizations')
    .values({ id: organizationId, name: 'Acme Dental', slug: `acme-${organizationId}` })
    .execute();
  const tools: AgentConfigInput['tools'] = [];
  for (let tool = 0; tool < TOOLS; tool += 1) {
    const functions = Array.from({ length: FUNCTIONS_PER_TOOL }, (_, fn) => ({
      name: `tool${tool}_function${fn}`,
      description: `Function ${fn} of tool ${tool}: looks a record up by its number`,
      parameters: parametersOf(tool, fn),
      method: 'POST',
      url: `https://api${tool}.example.com/records/{{id}}`,
    }));
    const row = await owner
      .insertInto('tools')
      .values({
        organizationId,
        kind: 'http',
        name: `Tool ${tool}`,
        config: JSON.stringify({ headers: { authorization: 'Bearer {{secrets.api_key}}' }, functions }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await owner
      .insertInto('toolSecrets')
      .values({
        organizationId,
        toolId: row.id,
        name: 'api_key',
        ciphertext: secretBox.seal(`sk-bench-${tool}`, toolSecretContext(row.id, 'api_key')),
      })
      .execute();
    tools.push({ toolId: row.id, functions: functions.map((fn) => fn.name) });
  }
  const config: AgentConfigInput = {
    name: 'Robin',
    systemPrompt: 'You are the receptionist of a dental practice.',
    greeting: 'Hello, this is {{agent_name}} at {{ organization_name }}.',
    tools,
  };
  const agent = await owner
    .insertInto('agents')
    .values({ organizationId, name: 'Robin', currentVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('agentVersions')
    .values({ organizationId, agentId: agent.id, version: 1, config: JSON.stringify(config) })
    .execute();
  const callId = randomUUID();
  await owner
    .insertInto('calls')
    .values({
      id: callId,
      organizationId,
      agentId: agent.id,
      agentVersion: 1,
      channel: 'web',
      roomName: `call-${callId}`,
    })
    .execute();
  // The dispatch metadata as the API's call token carries it (apps/api/src/livekit/issue-call-token.ts).
  return JSON.stringify({ callId, organizationId, agentId: agent.id, agentVersion: 1 });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

async function main() {
  initializeLogger({ pretty: false, level: 'warn' });
  say(`${TOOLS} tools × ${FUNCTIONS_PER_TOOL} functions, ${RUNS} runs; load average ${load()}`);
  const cluster = await startTestCluster();
  const urls = await cloneTemplateDatabase(cluster.serverUrl, 'bench');
  const owner = createDatabase({ url: urls.owner, maxConnections: 2 });
  // As entry.ts: the job's own pool of two.
  const workerDb = createDatabase({ url: urls.worker, maxConnections: 2 });
  const egress = createEgressGuard({ allow: [] });
  try {
    const rawMetadata = await seed(owner);
    const deps = { workerDb, secretBox, egress };
    const keys = { GOOGLE_API_KEY: 'bench-google-key' };

    /** One call's setup; returns its milliseconds and the runtime's functions. */
    const setUp = async () => {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const dispatch = parseDispatch(rawMetadata);
      if (dispatch?.kind !== 'call') throw new Error('the metadata is not a call');
      const { metadata } = dispatch;
      const runtime = await loadAgentRuntime(
        deps,
        {
          organizationId: metadata.organizationId,
          agentId: metadata.agentId,
          version: metadata.agentVersion,
        },
        createCallControl(() => undefined, undefined),
      );
      const loaded = performance.now();
      const recorder = createCallRecorder(workerDb, {
        organizationId: metadata.organizationId,
        callId: metadata.callId,
      });
      const model = createModel(runtime.agent.config, keys, egress);
      const modelled = performance.now();
      const call = createCallSession({
        model,
        recorder,
        maxDurationSeconds: 900,
        silenceTimeoutSeconds: 600,
      });
      const sessioned = performance.now();
      const agent = buildAgent(runtime, { tools: { observer: call.toolObserver } });
      const done = performance.now();
      const elapsed = done - started;
      // This process's own CPU time (the database's is not in it): on a shared machine, wall time is mostly
      // waiting to be scheduled.
      const cpu = process.cpuUsage(cpuBefore);
      const stages = {
        load: loaded - started,
        model: modelled - loaded,
        session: sessioned - modelled,
        agent: done - sessioned,
      };
      if (runtime.functions.length !== TOOLS * FUNCTIONS_PER_TOOL || !agent || !call.session) {
        throw new Error(`expected ${TOOLS * FUNCTIONS_PER_TOOL} functions, got ${runtime.functions.length}`);
      }
      return { elapsed, cpu: (cpu.user + cpu.system) / 1000, stages, functions: runtime.functions };
    };

    /** What the first call of every function pays for its argument validator. */
    const validateAll = (functions: Parameters<typeof validateArguments>[0][]) => {
      const started = performance.now();
      for (const fn of functions) validateArguments(fn, { id: 'A-17', quantity: 2 });
      return performance.now() - started;
    };

    // As in a job process: LiveKit runs the agent's prewarm (entry.ts) before the call comes, and the job's
    // first query, the claim, opens the database connection before the agent loads.
    if (process.env.BENCH_PREWARM !== 'off') warmUpCallSetup(secretBox);
    await workerDb.selectFrom('calls').select('id').limit(1).execute();
    const first = await setUp();
    const firstValidation = validateAll(first.functions);
    for (let run = 1; run < WARM_UPS; run += 1) await setUp();
    const times: number[] = [];
    const validations: number[] = [];
    const cpuTimes: number[] = [];
    const stages: Record<string, number[]> = { load: [], model: [], session: [], agent: [] };
    for (let run = 0; run < RUNS; run += 1) {
      const { elapsed, cpu, functions, stages: stage } = await setUp();
      times.push(elapsed);
      cpuTimes.push(cpu);
      for (const [name, ms] of Object.entries(stage)) stages[name]?.push(ms);
      validations.push(validateAll(functions));
    }
    say(
      `first call in the process (${process.env.BENCH_PREWARM === 'off' ? 'no prewarm' : 'after the prewarm'}): setup ${first.elapsed.toFixed(1)} ms (${Object.entries(
        first.stages,
      )
        .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
        .join(', ')}), CPU ${first.cpu.toFixed(1)} ms`,
    );
    say(
      `setup (metadata → AgentSession ready): p50 ${percentile(times, 50).toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms (target p50 ≤ 15 ms; load ${load()})`,
    );
    say(`CPU time of the worker process per setup: p50 ${percentile(cpuTimes, 50).toFixed(1)} ms`);
    say(
      `of which (p50): ${Object.entries(stages)
        .map(([name, values]) => `${name} ${percentile(values, 50).toFixed(1)} ms`)
        .join(
          ', ',
        )} (load: loadAgentRuntime; model: createModel; session: createCallSession; agent: buildAgent)`,
    );
    say(
      `validating one argument set per function, 100 functions: first call ${firstValidation.toFixed(1)} ms, later calls p50 ${percentile(validations, 50).toFixed(2)} ms`,
    );
  } finally {
    await Promise.all([owner.destroy(), workerDb.destroy(), egress.close()]);
    await cluster.stop();
  }
}

await main();
// LiveKit's sessions that were built and never started keep no work, but their inference runners may hold
// the event loop open.
process.exit(process.exitCode ?? 0);
