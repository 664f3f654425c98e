import type { CreateTool, Tool } from '@switchboard/contracts/tools';
import type { OrgScope } from '../access/actor.ts';
import { authorize } from '../access/authorize.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { findTool } from './find-tool.ts';
import { writeToolSecrets } from './write-tool-secrets.ts';

const INITIAL_STATUS = {
  http: { status: 'ready', statusMessage: null },
  call_control: { status: 'ready', statusMessage: null },
  google_calendar: { status: 'needs_connection', statusMessage: 'Connect a Google account to use this tool' },
} as const;

export async function createTool(
  { tx, membership }: OrgScope,
  input: CreateTool,
  { secretSealer }: { secretSealer: SecretSealer },
): Promise<Tool> {
  if (input.kind === 'http' && Object.keys(input.secrets).length > 0) authorize(membership, 'tools:secrets');
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
  if (input.kind === 'http') {
    await writeToolSecrets(
      tx,
      secretSealer,
      { organizationId: membership.organizationId, toolId: id },
      input.secrets,
    );
  }
  return findTool(tx, id);
}
