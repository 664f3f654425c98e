'use client';

import type { UpdatedTool, UpdateTool } from '@switchboard/contracts/tools';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';

/**
 * PATCHes the tool and refreshes what shows it; errors propagate to the calling form. Says so when the
 * change sent the tool to another server and its secrets were deleted (they stay with the server they
 * were given for).
 */
export function useUpdateTool(orgId: string, toolId: string) {
  const queryClient = useQueryClient();
  return async (change: UpdateTool): Promise<UpdatedTool> => {
    const tool = await client.PATCH('/orgs/{orgId}/tools/{toolId}', {
      params: { path: { orgId, toolId } },
      body: change,
    });
    if (tool.droppedSecrets.length > 0) {
      toast.warning(
        `The tool now sends requests to another server, so its secrets were deleted: ${tool.droppedSecrets.join(', ')}. Set them again if that server should have them.`,
        { duration: 15_000 },
      );
    }
    queryClient.setQueryData(keys.tool(orgId, toolId), tool);
    await queryClient.invalidateQueries({ queryKey: keys.tools(orgId), exact: true });
    return tool;
  };
}
