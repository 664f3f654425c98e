import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EmailEnvSchema } from '@switchboard/core/email/email-config';
import { ModifiableInstruction } from 'dockerfile-ast';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ApiEnvSchema } from '../apps/api/src/config.ts';
import { WorkerEnvSchema } from '../apps/worker/src/worker-env.ts';
import {
  type ComposeService,
  composeCommand,
  dockerStages,
  dockerTarget,
  KUBERNETES_DIR,
  loadCompose,
  loadKubernetesDocuments,
  ROOT,
} from './lib/deployment-files.ts';
import { API_NODE_FLAGS, NODE_IMPORTS } from './lib/node-flags.ts';
import { WORKER_TIER_ONLY } from './lib/service-env.ts';

// What can be checked of the deployment files without a Docker engine or a cluster: the Dockerfile parsed
// with dockerfile-ast, docker-compose.yml against the structure of the Compose Specification (zod; the
// spec's JSON schema is not among the installed packages), the Kubernetes manifests against the API's
// schemas (kubernetes-models), and every variable they hand a process against that process's env schema.

const TARGETS = ['api', 'web', 'worker'] as const;
/** Services of ours that answer no health check, and why. */
const WITHOUT_HEALTHCHECK: Record<string, string> = {
  migrate: 'one-shot: runs to completion',
  jobs: 'the job runner serves no port; its process is what is watched',
};

const sourceReads = (file: string) => [
  ...new Set(
    [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map(
      (match) => match[1]!,
    ),
  ),
];
/**
 * OpenTelemetry's own variables, read by the SDK that packages/telemetry starts in every process but the
 * migration (the images' commands register it first).
 */
const isOtel = (name: string) => /^OTEL_[A-Z0-9_]+$/.test(name);
const keysOf = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape);

/** What each process reads, by the command it runs. */
const KNOWN = {
  api: new Set([...keysOf(ApiEnvSchema), ...keysOf(EmailEnvSchema)]),
  worker: new Set([...keysOf(WorkerEnvSchema), ...keysOf(EmailEnvSchema)]),
  web: new Set(sourceReads('apps/web/server.ts')),
  migrate: new Set(sourceReads('scripts/migrate.ts')),
};
const knows = (process: keyof typeof KNOWN, name: string) =>
  KNOWN[process].has(name) || (process !== 'migrate' && isOtel(name));

/** The process a compose service or a Kubernetes container runs, from its command. */
function processOf(command: string[]): keyof typeof KNOWN {
  const script = command.find((part) => part.endsWith('.ts'));
  if (script === 'apps/api/src/server.ts') return 'api';
  if (script === 'server.ts') return 'web';
  if (script === 'scripts/migrate.ts') return 'migrate';
  if (script?.startsWith('apps/worker/src/')) return 'worker';
  throw new Error(`unknown command ${command.join(' ')}`);
}

describe('Dockerfile', () => {
  const stages = dockerStages();
  const stageNames = new Set(stages.map((stage) => stage.name));

  it('is multi-stage, with the three targets the compose file and the manifests use', () => {
    expect(stages.length).toBeGreaterThan(3);
    for (const target of TARGETS) expect(stageNames).toContain(target);
  });

  it('pins every base image to an exact release or a digest', () => {
    const bases = stages.filter((stage) => !stageNames.has(stage.image) || stage.image === stage.name);
    expect(bases.length).toBeGreaterThan(0);
    for (const stage of bases) {
      expect(stage.digest ?? stage.tag, `${stage.name}: ${stage.image}`).toMatch(
        /^(sha256:[0-9a-f]{64}|\d+\.\d+\.\d+[\w.-]*)$/,
      );
    }
  });

  it.each(TARGETS)('%s runs as a user other than root', (target) => {
    const { user } = dockerTarget(target, stages);
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  it('puts no secret in ENV or ARG (they stay in image layers and `docker inspect`)', () => {
    const secretLike = /SECRET|PASSWORD|TOKEN|PRIVATE_KEY|API_KEY|DATABASE_[A-Z_]*URL|CREDENTIAL/;
    for (const stage of stages) {
      for (const instruction of stage.instructions) {
        if (!['ENV', 'ARG'].includes(instruction.getKeyword())) continue;
        const names = instruction.getArguments().map((argument) => argument.getValue().split('=')[0]!);
        for (const name of names)
          expect(name, `${stage.name}: ${instruction.getKeyword()}`).not.toMatch(secretLike);
      }
    }
  });

  it('copies the manifest of every workspace before `npm ci` (which refuses a missing one)', () => {
    const copied = stages
      .find((stage) => stage.name === 'manifests')!
      .instructions.filter((instruction) => instruction.getKeyword() === 'COPY')
      .flatMap((instruction) =>
        instruction
          .getArguments()
          .slice(0, -1)
          .map((argument) => argument.getValue()),
      );
    const workspaces = ['apps', 'packages'].flatMap((parent) =>
      readdirSync(path.join(ROOT, parent))
        .map((name) => `${parent}/${name}/package.json`)
        .filter((file) => existsSync(path.join(ROOT, file))),
    );
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...workspaces]));
  });

  it('installs dev dependencies for the build only, although the base sets NODE_ENV=production', () => {
    const install = (name: string) =>
      stages
        .find((stage) => stage.name === name)!
        .instructions.find((instruction) => instruction.getKeyword() === 'RUN')!
        .getArgumentsContent();
    expect(dockerTarget('base', stages).env.NODE_ENV).toBe('production');
    expect(install('deps')).toMatch(/^npm ci --include=dev\b/);
    expect(install('prod-deps')).toMatch(/^npm ci --omit=dev\b/);
  });

  it('gives the production stages tsx and exactly its dependencies from the full install', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string> }>;
    };
    const tsxDependencies = Object.keys(lock.packages['node_modules/tsx']!.dependencies ?? {});
    const fromDeps = stages
      .find((stage) => stage.name === 'prod-deps')!
      .instructions.filter(
        (instruction) =>
          instruction instanceof ModifiableInstruction &&
          instruction.getFlags().some((flag) => flag.getName() === 'from' && flag.getValue() === 'deps'),
      )
      .map((instruction) => instruction.getArguments().at(-1)!.getValue());
    // esbuild's binary comes as an optional package of its own, @esbuild/<platform>.
    expect(fromDeps.sort()).toEqual(
      ['tsx', ...tsxDependencies, ...(tsxDependencies.includes('esbuild') ? ['@esbuild'] : [])]
        .map((name) => `node_modules/${name}`)
        .sort(),
    );
  });

  it('ships every package the code it runs imports (the images install without dev dependencies)', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const runtimeFiles = [
      ...[
        'apps/api/src',
        'apps/worker/src',
        'apps/web/src',
        ...readdirSync(path.join(ROOT, 'packages')).map((name) => `packages/${name}/src`),
      ].flatMap((directory) => sourceFiles(path.join(ROOT, directory))),
      path.join(ROOT, 'apps/web/server.ts'),
      path.join(ROOT, 'scripts/migrate.ts'),
    ];
    const devOnly = new Set<string>();
    for (const file of runtimeFiles) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^'.][^']*)'|import\('([^'.][^']*)'\)/gm,
      )) {
        const specifier = (match[1] ?? match[2])!;
        if (/^(node:|@\/|@switchboard\/)/.test(specifier)) continue;
        const name = specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
        const entry = lock.packages[`node_modules/${name}`];
        if (!entry || entry.dev) devOnly.add(`${name} (${path.relative(ROOT, file)})`);
      }
    }
    expect([...devOnly]).toEqual([]);
  });

  it('runs what `npm start` runs, through tsx (ADR 006) with telemetry registered first', () => {
    const node = ['node', ...NODE_IMPORTS];
    expect(composeCommand('api')).toEqual([
      'node',
      ...API_NODE_FLAGS,
      ...NODE_IMPORTS,
      'apps/api/src/server.ts',
    ]);
    expect(composeCommand('web')).toEqual([...node, 'server.ts']);
    expect(dockerTarget('web', stages).workdir).toBe('apps/web');
    expect(composeCommand('jobs')).toEqual([...node, 'apps/worker/src/jobs.ts']);
    expect(composeCommand('worker')).toEqual([...node, 'apps/worker/src/main.ts', 'start']);
    expect(composeCommand('migrate')).toEqual([...node, 'scripts/migrate.ts']);
  });

  it('keeps dependencies, builds, data and local secrets out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/.next', '.data', '.env', '.git']));
  });
});

// The Compose Specification's shape for the parts this file uses; strict, so a misspelt key fails.
const duration = z.string().regex(/^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
const ComposeServiceSchema = z
  .object({
    image: z.string().optional(),
    build: z.object({ context: z.string(), target: z.string().optional() }).strict().optional(),
    command: z.array(z.string()).optional(),
    restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
    environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    ports: z
      .array(z.string().regex(/^(\$\{[A-Z_]+(:-[^}]*)?\}|\d+(-\d+)?):\d+(-\d+)?(\/(tcp|udp))?$/))
      .optional(),
    volumes: z.array(z.string()).optional(),
    networks: z.record(z.string(), z.object({ ipv4_address: z.ipv4() }).strict()).optional(),
    profiles: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/)).optional(),
    depends_on: z
      .record(
        z.string(),
        z
          .object({
            condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']),
            required: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    healthcheck: z
      .object({
        test: z.array(z.string()).refine((test) => ['CMD', 'CMD-SHELL'].includes(test[0]!)),
        interval: duration.optional(),
        timeout: duration.optional(),
        start_period: duration.optional(),
        retries: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    stop_grace_period: duration.optional(),
  })
  .strict()
  .refine((service) => service.image || service.build, 'a service needs an image or a build');
const ComposeSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    services: z.record(z.string(), ComposeServiceSchema),
    networks: z.record(z.string(), z.unknown()).optional(),
    volumes: z.record(z.string(), z.null()).optional(),
  })
  .catchall(z.unknown())
  .superRefine((compose, context) => {
    for (const key of Object.keys(compose)) {
      if (!['name', 'services', 'networks', 'volumes'].includes(key) && !key.startsWith('x-')) {
        context.addIssue({ code: 'custom', message: `unknown top-level key ${key}` });
      }
    }
  });

describe('docker-compose.yml', () => {
  const { text, document } = loadCompose();
  const services = document.services;
  const ours = Object.entries(services).filter(([, service]) => service.build);

  it('has the structure of the Compose Specification', () => {
    const result = ComposeSchema.safeParse(document);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('interpolates only well-formed variables', () => {
    for (const [reference] of text.matchAll(/\$\{[^}]*\}/g)) {
      expect(reference).toMatch(/^\$\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?\}$/);
    }
  });

  it('runs PostgreSQL, the migration, the API, the dashboard, the worker tier and LiveKit by default', () => {
    const always = Object.keys(services).filter((name) => !services[name]!.profiles);
    expect(always.sort()).toEqual(['api', 'jobs', 'livekit', 'migrate', 'postgres', 'web', 'worker']);
    expect(services['livekit-sip']!.profiles).toEqual(['sip']);
    expect(services.redis!.profiles).toEqual(['sip']);
    expect(services['otel-collector']!.profiles).toEqual(['otel']);
  });

  it('pins every image it does not build', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/:v?\d+\.\d+(\.\d+)?[\w.-]*$|@sha256:[0-9a-f]{64}$/);
    }
  });

  it('orders start-up on real conditions', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition, required }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect(target, `${name} depends on ${dependency}`).toBeDefined();
        if (condition === 'service_healthy') expect(hasHealthcheck(target!), `${dependency}`).toBe(true);
        if (condition === 'service_completed_successfully') expect(target!.restart).toBe('no');
        // A service that always runs may lean on one of a profile only optionally.
        if (target!.profiles && !service.profiles) expect(required, `${name} → ${dependency}`).toBe(false);
      }
    }
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.api!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(services.jobs!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  });

  it('checks the API through /api/health, and every long-running service of ours', () => {
    expect(services.api!.healthcheck?.test.join(' ')).toContain('/api/health');
    for (const [name, service] of ours) {
      if (WITHOUT_HEALTHCHECK[name]) continue;
      expect(hasHealthcheck(service), name).toBe(true);
    }
  });

  it('hands each service its own variables, never the whole .env (ADR 007)', () => {
    for (const [name, service] of ours) expect(service.env_file, name).toBeUndefined();
    for (const name of ['api', 'web']) {
      for (const variable of WORKER_TIER_ONLY)
        expect(services[name]!.environment, name).not.toHaveProperty(variable);
    }
    expect(services.worker!.environment).not.toHaveProperty('DATABASE_SYSTEM_URL');
  });

  it('mounts files that exist', () => {
    for (const service of Object.values(services)) {
      for (const volume of (service.volumes as string[] | undefined) ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.')) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
        else expect(document.volumes, source).toHaveProperty(source);
      }
    }
    const collector = parse(readFileSync(path.join(ROOT, 'deploy/compose/otel-collector.yaml'), 'utf8'));
    for (const pipeline of Object.values(collector.service.pipelines) as { receivers: string[] }[]) {
      for (const receiver of pipeline.receivers) expect(collector.receivers).toHaveProperty(receiver);
    }
  });

  it('trusts exactly the dashboard as the API’s proxy', () => {
    const webAddress = (services.web!.networks as Record<string, { ipv4_address: string }>).default!
      .ipv4_address;
    expect(services.api!.environment!.TRUSTED_PROXIES).toBe(webAddress);
  });

  it('documents every required variable in .env.example', () => {
    const required = [...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*):\?/g)].map((match) => match[1]!);
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    expect(required.length).toBeGreaterThan(0);
    for (const name of new Set(required)) expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});

describe('Kubernetes manifests', () => {
  const documents = loadKubernetesDocuments();
  const kustomization = documents.find((document) => document.kind === 'Kustomization') as unknown as {
    resources: string[];
    images: { name: string }[];
  };
  const applied = documents.filter((document) => kustomization.resources.includes(document.file));
  const models: Record<string, new (data: never) => { validate(): void }> = {
    'v1/Namespace': Namespace,
    'v1/ConfigMap': ConfigMap,
    'v1/Secret': Secret,
    'v1/Service': Service,
    'apps/v1/Deployment': Deployment,
    'batch/v1/Job': Job,
    'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
    'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
    'networking.k8s.io/v1/Ingress': Ingress,
  };
  const deployments = applied.filter((document) => document.kind === 'Deployment') as unknown as PodOwner[];
  const job = applied.find((document) => document.kind === 'Job') as unknown as PodOwner;

  it('lists files that exist, and no Secret with placeholder values', () => {
    for (const file of kustomization.resources)
      expect(existsSync(path.join(KUBERNETES_DIR, file)), file).toBe(true);
    expect(applied.filter((document) => document.kind === 'Secret')).toEqual([]);
  });

  it('validates every object against the Kubernetes API schemas', () => {
    for (const document of documents) {
      if (document.kind === 'Kustomization') continue;
      const Model = models[`${document.apiVersion}/${document.kind}`];
      expect(Model, `${document.file}: ${document.apiVersion}/${document.kind}`).toBeDefined();
      const { file: _file, ...object } = document;
      expect(
        () => new Model!(object as never).validate(),
        `${document.file}: ${document.kind}`,
      ).not.toThrow();
    }
  });

  it('runs every pod as non-root, without privileges, with resource requests', () => {
    for (const owner of [...deployments, job]) {
      const pod = owner.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, owner.metadata.name).toBe(true);
      for (const container of pod.containers) {
        expect(container.securityContext.allowPrivilegeEscalation, container.name).toBe(false);
        expect(container.securityContext.capabilities.drop, container.name).toEqual(['ALL']);
        expect(container.resources.requests, container.name).toHaveProperty('cpu');
        expect(container.resources.requests, container.name).toHaveProperty('memory');
        expect(kustomization.images.map((image) => image.name)).toContain(container.image);
      }
    }
  });

  it('probes readiness and liveness, the API on /api/health', () => {
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      if (processOf(commandOf(container!)) === 'worker' && !container!.ports) continue; // the job runner
      expect(container!.readinessProbe, deployment.metadata.name).toBeDefined();
      expect(container!.livenessProbe, deployment.metadata.name).toBeDefined();
      const portNames = (container!.ports ?? []).map((port) => port.name);
      for (const probe of [container!.readinessProbe, container!.livenessProbe]) {
        const port = probe!.httpGet?.port ?? probe!.tcpSocket?.port;
        expect(portNames, deployment.metadata.name).toContain(port);
      }
    }
    const api = deployments.find((deployment) => deployment.metadata.name === 'switchboard-api')!;
    expect(api.spec.template.spec.containers[0]!.readinessProbe!.httpGet!.path).toBe('/api/health');
  });

  it('runs the same commands as the compose file, the migration as a Job', () => {
    const byName = Object.fromEntries(
      deployments.map((deployment) => [deployment.metadata.name, deployment]),
    );
    const worker = dockerTarget('worker');
    const argsOf = (owner: PodOwner) => [
      ...worker.entrypoint,
      ...owner.spec.template.spec.containers[0]!.args!,
    ];
    expect(argsOf(byName['switchboard-jobs']!)).toEqual(composeCommand('jobs'));
    expect(argsOf(byName['switchboard-worker']!)).toEqual(composeCommand('worker'));
    expect(argsOf(job)).toEqual(composeCommand('migrate'));
  });

  it('scales the worker tier on load', () => {
    const autoscalers = applied.filter(
      (document) => document.kind === 'HorizontalPodAutoscaler',
    ) as unknown as {
      spec: { scaleTargetRef: { name: string }; metrics: { resource: { name: string } }[] };
    }[];
    const scaled = autoscalers.map((autoscaler) => autoscaler.spec.scaleTargetRef.name).sort();
    expect(scaled).toEqual(['switchboard-jobs', 'switchboard-worker']);
    for (const name of scaled)
      expect(deployments.map((deployment) => deployment.metadata.name)).toContain(name);
  });

  it('selects the pods of its Services', () => {
    for (const service of applied.filter((document) => document.kind === 'Service') as unknown as {
      metadata: { name: string };
      spec: { selector: Record<string, string> };
    }[]) {
      const target = deployments.find((deployment) =>
        Object.entries(service.spec.selector).every(
          ([key, value]) => deployment.spec.template.metadata.labels[key] === value,
        ),
      );
      expect(target, service.metadata.name).toBeDefined();
    }
  });
});

describe('the variables the deployment files pass', () => {
  const { document } = loadCompose();
  const k8s = loadKubernetesDocuments();

  it('are read by the process that gets them (compose)', () => {
    for (const [name, service] of Object.entries(document.services)) {
      if (!service.build) continue;
      const process = processOf(composeCommand(name));
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(knows(process, variable), `${name} (${process}): ${variable}`).toBe(true);
      }
    }
  });

  it('default to what the env schemas default to (compose)', () => {
    for (const [name, service] of Object.entries(document.services)) {
      if (!service.build) continue;
      const schema = { api: ApiEnvSchema, worker: WorkerEnvSchema, web: undefined, migrate: undefined }[
        processOf(composeCommand(name))
      ];
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        const fallback = /^\$\{[A-Z_0-9]+:-([^}]+)\}$/.exec(String(value))?.[1];
        const field = (schema?.shape as Record<string, z.ZodType> | undefined)?.[variable];
        // Only where the schema has a default: elsewhere compose supplies a value (the bundled LiveKit's).
        if (!fallback || !field || field.parse(undefined) === undefined) continue;
        expect(field.parse(fallback), `${name}: ${variable}`).toEqual(field.parse(undefined));
      }
    }
  });

  it('are read by the process that gets them (Kubernetes)', () => {
    const secrets = Object.fromEntries(
      k8s
        .filter((object) => object.kind === 'Secret' || object.kind === 'ConfigMap')
        .map((object) => [
          object.metadata.name,
          Object.keys((object.stringData ?? object.data ?? {}) as object),
        ]),
    );
    for (const owner of k8s.filter((object) => object.kind === 'Deployment' || object.kind === 'Job')) {
      for (const container of (owner as unknown as PodOwner).spec.template.spec.containers) {
        const process = processOf(commandOf(container));
        const names = [
          ...(container.env ?? []).map((variable) => variable.name),
          ...(container.envFrom ?? []).flatMap((source) => {
            const reference = (source.configMapRef ?? source.secretRef)!.name;
            expect(secrets, `${owner.metadata.name} → ${reference}`).toHaveProperty(reference);
            // The shared ConfigMap holds what any of the three reads; each ignores the rest.
            return source.configMapRef ? [] : secrets[reference]!;
          }),
        ];
        for (const variable of names) {
          expect(knows(process, variable), `${owner.metadata.name} (${process}): ${variable}`).toBe(true);
        }
      }
    }
    const shared = secrets['switchboard-config']!;
    for (const variable of shared) {
      expect(
        ['api', 'worker', 'web'].some((process) => knows(process as keyof typeof KNOWN, variable)),
        variable,
      ).toBe(true);
    }
  });

  it('include OpenTelemetry’s for every process that starts it, the dashboard too', () => {
    // The trace of a user action begins in the dashboard's proxy (docs/observability.md).
    const standard = Object.keys(document['x-telemetry'] as object);
    expect(standard).toEqual(
      expect.arrayContaining([
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_HEADERS',
        'OTEL_TRACES_SAMPLER',
      ]),
    );
    expect(standard).not.toContain('OTEL_SERVICE_NAME'); // each process names itself
    for (const [name, service] of Object.entries(document.services)) {
      if (!service.build || processOf(composeCommand(name)) === 'migrate') continue;
      for (const variable of standard) expect(service.environment, name).toHaveProperty(variable);
    }
    const config = k8s.find((object) => object.kind === 'ConfigMap')!.data as Record<string, string>;
    const telemetrySecret = k8s.find(
      (object) => object.kind === 'Secret' && object.metadata.name === 'switchboard-telemetry',
    )!;
    expect([...Object.keys(config), ...Object.keys(telemetrySecret.stringData as object)]).toEqual(
      expect.arrayContaining(standard),
    );
    for (const owner of k8s.filter((object) => object.kind === 'Deployment')) {
      for (const container of (owner as unknown as PodOwner).spec.template.spec.containers) {
        expect(container.envFrom, owner.metadata.name).toContainEqual({
          secretRef: { name: 'switchboard-telemetry', optional: true },
        });
      }
    }
  });

  it('keep the worker tier’s keys and logins away from the API (Kubernetes)', () => {
    const apiSecret = k8s.find(
      (object) => object.kind === 'Secret' && object.metadata.name === 'switchboard-api',
    )!;
    for (const variable of WORKER_TIER_ONLY) expect(apiSecret.stringData).not.toHaveProperty(variable);
  });
});

interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name: string }[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string; optional?: boolean } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext: { allowPrivilegeEscalation: boolean; capabilities: { drop: string[] } };
  resources: { requests: Record<string, string> };
}
interface Probe {
  httpGet?: { path: string; port: string };
  tcpSocket?: { port: string };
}
interface PodOwner {
  metadata: { name: string };
  spec: {
    template: {
      metadata: { labels: Record<string, string> };
      spec: { securityContext: { runAsNonRoot: boolean }; containers: Container[] };
    };
  };
}

/** A container's command: its image's ENTRYPOINT and CMD, or its args in their place. */
function commandOf(container: Container): string[] {
  const target = dockerTarget(container.image.replace(/^switchboard-/, ''));
  return [...target.entrypoint, ...(container.args ?? target.cmd)];
}

/** Source files that run in production: tests and test helpers left out. */
function sourceFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'test', 'testing'].includes(entry.name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|^(testing|test-cluster)\.ts$/.test(entry.name)
      ? [full]
      : [];
  });
}

function hasHealthcheck(service: ComposeService): boolean {
  if (service.healthcheck) return true;
  return service.build?.target !== undefined && dockerTarget(service.build.target).healthcheck !== undefined;
}
