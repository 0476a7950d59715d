import { z } from 'zod';
import { ERROR_CODES, type ErrorValue } from './errors';

/** The wire form of an AppError (see errors.ts). */
export const errorValueSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<ErrorValue>;
