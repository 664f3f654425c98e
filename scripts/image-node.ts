import { dockerTarget } from './lib/deployment-files.ts';

// The Node.js the images run, from the Dockerfile's `base` stage: `release` prints its release
// (`node:<release>-…`), `options` its NODE_OPTIONS. CI runs the tests again with both (.ci/run), as the
// machines themselves run another release. Exits non-zero rather than print nothing.
const { chain, env } = dockerTarget('base');
const [base] = chain;
const release = base?.image === 'node' ? /^\d+\.\d+\.\d+/.exec(base.tag ?? '')?.[0] : undefined;
const asked = process.argv[2];
if (!release) {
  console.error("The Dockerfile's base stage is not FROM node:<major.minor.patch>-…");
  process.exit(1);
}
if (asked === 'release') console.log(release);
else if (asked === 'options') console.log(env.NODE_OPTIONS ?? '');
else {
  console.error('Usage: tsx scripts/image-node.ts release|options');
  process.exit(1);
}
