import type { Tool, ToolKind, UpdateTool } from '@switchboard/contracts/tools';
import { toolConfigSchemaOf } from '@switchboard/tools/function-definitions';
import type { OrgScope } from '../access/actor.ts';
import { AppError, invalidFields } from '../errors.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { findTool } from './find-tool.ts';
import { writeToolSecrets } from './write-tool-secrets.ts';

function parseConfig(kind: ToolKind, config: unknown) {
  const parsed = toolConfigSchemaOf(kind).safeParse(config);
  if (parsed.success) return parsed.data;
  throw invalidFields(
    parsed.error.issues.map((issue) => ({
      path: ['config', ...issue.path].join('.'),
      message: issue.message,
    })),
  );
}

export async function updateTool(
  { tx, membership }: OrgScope,
  toolId: string,
  input: UpdateTool,
  { secretBox }: { secretBox: SecretBox },
): Promise<Tool> {
  const tool = await findTool(tx, toolId);
  if (input.secrets && tool.kind === 'google_calendar') {
    throw new AppError(
      'VALIDATION_ERROR',
      'Google Calendar credentials come from connecting a Google account',
    );
  }
  const config = input.config === undefined ? undefined : parseConfig(tool.kind, input.config);
  await tx
    .updateTable('tools')
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(config !== undefined && { config: JSON.stringify(config) }),
      updatedAt: new Date(),
    })
    .where('id', '=', toolId)
    .execute();
  if (input.secrets) {
    await writeToolSecrets(
      tx,
      secretBox,
      { organizationId: membership.organizationId, toolId },
      input.secrets,
    );
  }
  return findTool(tx, toolId);
}
