import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { missingVoiceSettings } from '@switchboard/core/voice/missing-voice-settings';
import { describe, expect, it } from 'vitest';
import { loadWorkerEnv, missingJobSettings, missingWorkerSettings } from '../src/worker-env.ts';

const voice = {
  LIVEKIT_URL: 'wss://example.livekit.cloud',
  LIVEKIT_API_KEY: 'key',
  LIVEKIT_API_SECRET: 'secret',
};

describe('the worker environment', () => {
  it('names the LiveKit settings and one model provider when they are missing', () => {
    expect(missingVoiceSettings(loadWorkerEnv({ LIVEKIT_URL: '  ' }))).toEqual([
      'LIVEKIT_URL',
      'LIVEKIT_API_KEY',
      'LIVEKIT_API_SECRET',
      'GOOGLE_API_KEY (or OPENAI_API_KEY, or OPENAI_BASE_URL)',
    ]);
    for (const provider of ['GOOGLE_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) {
      expect(missingVoiceSettings(loadWorkerEnv({ ...voice, [provider]: 'x' }))).toEqual([]);
    }
  });

  it('also needs the worker database and the private key to take calls', () => {
    expect(missingWorkerSettings(loadWorkerEnv({ ...voice, GOOGLE_API_KEY: 'g' }))).toEqual([
      'DATABASE_WORKER_URL',
      'SWITCHBOARD_SECRETS_PRIVATE_KEY',
    ]);
  });

  it('runs jobs without any voice setting, given its databases and the private key', () => {
    // The system door: the stale-call sweeper (and re-sealing) works across organizations.
    expect(missingJobSettings(loadWorkerEnv({}))).toEqual([
      'DATABASE_WORKER_URL',
      'DATABASE_SYSTEM_URL',
      'SWITCHBOARD_SECRETS_PRIVATE_KEY',
    ]);
    const jobs = { DATABASE_WORKER_URL: 'w', DATABASE_SYSTEM_URL: 's', SWITCHBOARD_SECRETS_PRIVATE_KEY: 'k' };
    expect(missingJobSettings(loadWorkerEnv(jobs))).toEqual([]);
  });

  it('defaults the agent name and splits previous keys', () => {
    const env = loadWorkerEnv({
      SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS: ' a, b ,,',
      SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS: 'c',
    });
    expect(env.LIVEKIT_AGENT_NAME).toBe('switchboard');
    expect(env.SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS).toEqual(['a', 'b']);
    expect(env.SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS).toEqual(['c']);
    expect(env.LOG_LEVEL).toBe('info');
    expect(() => loadWorkerEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads EGRESS_ALLOW, and refuses an entry it cannot read, naming it', () => {
    expect(loadWorkerEnv({}).EGRESS_ALLOW).toEqual([]);
    expect(loadWorkerEnv({ EGRESS_ALLOW: ' 10.0.0.0/8, intranet.local ,, 127.0.0.1' }).EGRESS_ALLOW).toEqual([
      '10.0.0.0/8',
      'intranet.local',
      '127.0.0.1',
    ]);
    expect(() => loadWorkerEnv({ EGRESS_ALLOW: '10.0.0.0/8,http://intranet.local' })).toThrow(
      'EGRESS_ALLOW: "http://intranet.local" is neither a host name, an IP address nor a CIDR range',
    );
  });

  it('refuses to start without voice settings, in one line naming what to set', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, 'start'], {
      env: { PATH: process.env.PATH, LIVEKIT_URL: voice.LIVEKIT_URL },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'The voice worker cannot start: set LIVEKIT_API_KEY, LIVEKIT_API_SECRET, GOOGLE_API_KEY (or OPENAI_API_KEY, or OPENAI_BASE_URL), DATABASE_WORKER_URL, SWITCHBOARD_SECRETS_PRIVATE_KEY',
    ]);
  });
});
