import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, Env, type Instruction, JSONInstruction } from 'dockerfile-ast';
import { parse, parseAllDocuments } from 'yaml';

// The deployment files read the way the tests (deployment-files.test.ts, production-smoke.test.ts) need
// them: one place that knows where they are and how each is parsed.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DOCKERFILE = path.join(ROOT, 'Dockerfile');
export const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
export const KUBERNETES_DIR = path.join(ROOT, 'deploy/kubernetes');

export interface DockerStage {
  name: string;
  /** The FROM's image: a base image, or an earlier stage. */
  image: string;
  tag: string | null;
  digest: string | null;
  /** This stage's own instructions, FROM excluded. */
  instructions: Instruction[];
}

export interface DockerTarget {
  /** This stage and the stages it builds on, the base first. */
  chain: DockerStage[];
  /** The last USER, ENTRYPOINT, CMD and HEALTHCHECK along the chain (what the image ends with). */
  user: string | undefined;
  entrypoint: string[];
  cmd: string[];
  healthcheck: Instruction | undefined;
  /** The last WORKDIR, as a path inside the repository ('' for /app, the repository's root). */
  workdir: string;
  /** ENV along the chain, later stages overriding. */
  env: Record<string, string>;
}

export function dockerStages(text = readFileSync(DOCKERFILE, 'utf8')): DockerStage[] {
  const dockerfile = DockerfileParser.parse(text);
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs().find((candidate) => candidate === instruction)!;
      stages.push({
        name: from.getBuildStage() ?? `#${stages.length}`,
        image: from.getImageName() ?? '',
        tag: from.getImageTag(),
        digest: from.getImageDigest(),
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const lastOf = (chain: DockerStage[], keyword: string) =>
  chain.flatMap((stage) => stage.instructions.filter((i) => i.getKeyword() === keyword)).at(-1);

/** The exec form's strings (["node", "--import", …]); the shell form is not used here. */
export function execForm(instruction: Instruction | undefined): string[] {
  if (!instruction) return [];
  if (!(instruction instanceof JSONInstruction) || !instruction.getOpeningBracket()) {
    throw new Error(`${instruction.getKeyword()} must use the exec form (JSON array)`);
  }
  return instruction.getJSONStrings().map((argument) => argument.getJSONValue());
}

export function dockerTarget(name: string, stages = dockerStages()): DockerTarget {
  const chain: DockerStage[] = [];
  for (let stage = stages.find((s) => s.name === name); stage; ) {
    chain.unshift(stage);
    const parentName = stage.image;
    stage = stages.find((s) => s.name === parentName);
  }
  if (chain.length === 0) throw new Error(`the Dockerfile has no stage ${name}`);
  const env: Record<string, string> = {};
  for (const instruction of chain.flatMap((stage) => stage.instructions)) {
    if (!(instruction instanceof Env)) continue;
    for (const property of instruction.getProperties()) env[property.getName()] = property.getValue() ?? '';
  }
  return {
    chain,
    user: lastOf(chain, 'USER')?.getArgumentsContent() ?? undefined,
    entrypoint: execForm(lastOf(chain, 'ENTRYPOINT')),
    cmd: execForm(lastOf(chain, 'CMD')),
    healthcheck: lastOf(chain, 'HEALTHCHECK'),
    workdir: path.posix.relative('/app', lastOf(chain, 'WORKDIR')?.getArgumentsContent() ?? '/app'),
    env,
  };
}

export interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  profiles?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
  restart?: string;
  [key: string]: unknown;
}

/** docker-compose.yml as Compose reads it (YAML merge keys resolved), before interpolation. */
export function loadCompose(): {
  text: string;
  document: { services: Record<string, ComposeService>; [key: string]: unknown };
} {
  const text = readFileSync(COMPOSE_FILE, 'utf8');
  return { text, document: parse(text, { merge: true }) };
}

/** A service's command as its container runs it: the image's ENTRYPOINT, then the command or the CMD. */
export function composeCommand(serviceName: string): string[] {
  const service = loadCompose().document.services[serviceName];
  const target = service?.build?.target;
  if (!service || !target) throw new Error(`${serviceName} is not built from the Dockerfile`);
  const image = dockerTarget(target);
  return [...image.entrypoint, ...(service.command ?? image.cmd)];
}

export interface KubernetesDocument {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Every object of every manifest under deploy/kubernetes (the kustomization itself included). */
export function loadKubernetesDocuments(): KubernetesDocument[] {
  return readdirSync(KUBERNETES_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(KUBERNETES_DIR, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
        return { ...(document.toJS() as Omit<KubernetesDocument, 'file'>), file } as KubernetesDocument;
      }),
    );
}
