import { dockerStages, dockerTarget } from './lib/deployment-files.ts';

// Prints the Node.js the images run, from the Dockerfile's `base` stage: its release (`node:<release>-…`) on
// the first line, its NODE_OPTIONS on the second. CI runs the suites again with both (.ci/run), as the
// machines themselves run another release.
const base = dockerStages().find((stage) => stage.name === 'base');
const release = base?.image === 'node' ? /^\d+\.\d+\.\d+/.exec(base.tag ?? '')?.[0] : undefined;
if (!release) {
  console.error("The Dockerfile's base stage is not FROM node:<major.minor.patch>-…");
  process.exit(1);
}
console.log(release);
console.log(dockerTarget('base').env.NODE_OPTIONS ?? '');
