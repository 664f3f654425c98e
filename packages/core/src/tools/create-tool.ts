import type { CreateTool, Tool } from '@switchboard/contracts/tools';
import type { OrgScope } from '../access/actor.ts';
import { authorize } from '../access/authorize.ts';
import { AppError } from '../errors.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { checkHttpConfig } from './check-http-config.ts';
import { checkSecretValues } from './check-secret-values.ts';
import { findTool } from './find-tool.ts';
import { writeToolSecrets } from './write-tool-secrets.ts';

const INITIAL_STATUS = {
  http: { status: 'ready', statusMessage: null },
  call_control: { status: 'ready', statusMessage: null },
  google_calendar: { status: 'needs_connection', statusMessage: 'Connect a Google account to use this tool' },
  mcp: { status: 'ready', statusMessage: null },
} as const;

export async function createTool(
  { tx, membership }: OrgScope,
  input: CreateTool,
  {
    secretSealer,
    googleConfigured = true,
  }: {
    secretSealer: SecretSealer;
    /** False when the installation has no Google OAuth client: a Google Calendar tool could never connect. */
    googleConfigured?: boolean;
  },
): Promise<Tool> {
  if (input.kind === 'google_calendar' && !googleConfigured) {
    throw new AppError(
      'GOOGLE_NOT_CONFIGURED',
      'Google Calendar is not set up on this installation: the operator sets GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET to enable it',
    );
  }
  const secrets = input.kind === 'http' || input.kind === 'mcp' ? input.secrets : {};
  if (Object.keys(secrets).length > 0) authorize(membership, 'tools:secrets');
  if (input.kind === 'http') checkHttpConfig(input.config);
  checkSecretValues(input.kind, input.config, secrets);
  const { id } = await tx
    .insertInto('tools')
    .values({
      organizationId: membership.organizationId,
      kind: input.kind,
      name: input.name,
      config: JSON.stringify(input.config),
      ...INITIAL_STATUS[input.kind],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeToolSecrets(
    tx,
    secretSealer,
    { organizationId: membership.organizationId, toolId: id },
    secrets,
  );
  return findTool(tx, id);
}
