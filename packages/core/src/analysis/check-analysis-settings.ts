import type { AgentAnalysisSettings } from '@switchboard/contracts/analysis';
import { compileJsonSchema } from '@switchboard/tools/json-schema';
import { invalidFields } from '../errors.ts';

/**
 * Refuses a data schema that is not a usable JSON Schema (an unknown keyword, a wrong type name, a $ref that
 * resolves nowhere), as a 400 on `analysis.dataSchema`, when the agent is saved rather than after its calls.
 */
export function checkAnalysisSettings(settings: AgentAnalysisSettings): void {
  if (!settings.dataSchema) return;
  try {
    compileJsonSchema(settings.dataSchema);
  } catch (error) {
    throw invalidFields([
      {
        path: 'analysis.dataSchema',
        message: `Not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
}
