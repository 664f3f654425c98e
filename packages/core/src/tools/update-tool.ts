import type { Tool, ToolKind, UpdateTool } from '@switchboard/contracts/tools';
import { parseToolConfig } from '@switchboard/tools/function-definitions';
import type { ZodError } from 'zod';
import type { OrgScope } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { findTool } from './find-tool.ts';
import { writeToolSecrets } from './write-tool-secrets.ts';

function parseConfig(kind: ToolKind, config: unknown) {
  try {
    return parseToolConfig(kind, config);
  } catch (error) {
    const issues = (error as ZodError).issues ?? [];
    const details = issues.map((issue) => ({
      path: ['config', ...issue.path].join('.'),
      message: issue.message,
    }));
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid body: ${details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')}`,
      details,
    );
  }
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
