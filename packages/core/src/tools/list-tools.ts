import type { Tool } from '@switchboard/contracts/tools';
import type { OrgScope } from '../access/actor.ts';
import { secretNamesByTool, selectTools, toTool } from './to-tool.ts';

export async function listTools({ tx }: OrgScope): Promise<Tool[]> {
  const rows = await selectTools(tx).orderBy('name').orderBy('createdAt').execute();
  const secretNames = await secretNamesByTool(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toTool(row, secretNames.get(row.id) ?? []));
}
