import type { Tool } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import { secretNamesByTool, selectTools, toTool } from './to-tool.ts';

export async function findTool(tx: Tx, toolId: string): Promise<Tool> {
  const row = await selectTools(tx).where('id', '=', toolId).executeTakeFirst();
  if (!row) throw notFound('Tool');
  return toTool(row, (await secretNamesByTool(tx, [toolId])).get(toolId) ?? []);
}
