'use client';

import type { Tool, UpdateTool } from '@switchboard/contracts/tools';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { keys } from '@/lib/queries';

/** PATCHes the tool and refreshes what shows it; errors propagate to the calling form. */
export function useUpdateTool(orgId: string, toolId: string) {
  const queryClient = useQueryClient();
  return async (change: UpdateTool): Promise<Tool> => {
    const tool = await api<Tool>(`/orgs/${orgId}/tools/${toolId}`, { method: 'PATCH', body: change });
    queryClient.setQueryData(keys.tool(orgId, toolId), tool);
    await queryClient.invalidateQueries({ queryKey: keys.tools(orgId), exact: true });
    return tool;
  };
}
