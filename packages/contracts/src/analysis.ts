import { z } from 'zod';
import { TimestampSchema } from './common.ts';

/** How a field of the extracted data may be named: what `?analysis.<field>=` in the Calls list can address. */
export const ANALYSIS_FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const DEFAULT_SUMMARY_INSTRUCTION =
  'Summarize the call in two or three sentences: who called, what they wanted, and how it ended.';

/**
 * The organization's JSON Schema for the data to extract from a call; the root is an object of named fields,
 * e.g. `{"type":"object","properties":{"appointment_booked":{"type":"boolean"},"callback_number":{"type":"string"}}}`.
 * Its shape is checked here; the API also compiles it as JSON Schema when the agent is saved.
 */
export const AnalysisDataSchemaSchema = z
  .object({
    type: z.literal(
      'object',
      'The root of the data schema is an object: {"type": "object", "properties": {…}}',
    ),
    properties: z
      .record(
        z
          .string()
          .regex(ANALYSIS_FIELD_NAME, 'Name fields with letters, digits and _ (e.g. appointment_booked)'),
        z.unknown(),
      )
      .refine((properties) => Object.keys(properties).length <= 50, 'At most 50 fields'),
  })
  .catchall(z.unknown());
export type AnalysisDataSchema = z.infer<typeof AnalysisDataSchemaSchema>;

export const EVALUATION_SCALES = ['pass_fail', 'one_to_five'] as const;
export const EvaluationScoreSchema = z.enum(['pass', 'fail', '1', '2', '3', '4', '5']);
export type EvaluationScore = z.infer<typeof EvaluationScoreSchema>;

/** Post-call analysis of an agent's calls (docs/analysis.md); off unless switched on. */
export const AgentAnalysisSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    summaryInstruction: z.string().trim().max(4_000).default(DEFAULT_SUMMARY_INSTRUCTION),
    /** Null: no structured data is extracted. */
    dataSchema: AnalysisDataSchemaSchema.nullable().default(null),
    /** Null: the call is not evaluated. */
    evaluation: z
      .strictObject({
        scale: z.enum(EVALUATION_SCALES),
        rubric: z.string().trim().min(1, 'Describe what a successful call is').max(4_000),
      })
      .nullable()
      .default(null),
  })
  .refine((settings) => JSON.stringify(settings.dataSchema ?? {}).length <= 20_000, {
    path: ['dataSchema'],
    message: 'The data schema is too large (20,000 characters at most)',
  });
export type AgentAnalysisSettings = z.infer<typeof AgentAnalysisSettingsSchema>;
export const DEFAULT_ANALYSIS_SETTINGS: AgentAnalysisSettings = {
  enabled: false,
  summaryInstruction: DEFAULT_SUMMARY_INSTRUCTION,
  dataSchema: null,
  evaluation: null,
};

/** What the analysis of one call produced; `reason` says why it failed or was skipped. */
export const CallAnalysisSchema = z
  .object({
    status: z.enum(['completed', 'failed', 'skipped']),
    reason: z.string().nullable(),
    summary: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    evaluation: z.object({ score: EvaluationScoreSchema, reason: z.string() }).nullable(),
    model: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'CallAnalysis' });
export type CallAnalysis = z.infer<typeof CallAnalysisSchema>;
