import type { NextConfig } from 'next';

const config: NextConfig = {
  transpilePackages: ['@switchboard/contracts'],
  poweredByHeader: false,
  // /api/* never reaches Next: server.ts hands it to the API.
};

export default config;
