import { ErrorCodeSchema } from '@lucent/shared';
import { z } from 'zod';

const ErrorBody = z.object({
  error: z.object({ code: ErrorCodeSchema, numericCode: z.number(), message: z.string(), requestId: z.string() }),
});

/** The error code of an error response (fails the test when the body is not the product's error shape). */
export async function errorCodeOf(response: Response): Promise<string> {
  return ErrorBody.parse(await response.json()).error.code;
}

/** A JSON body checked against a schema. */
export async function jsonOf<T extends z.ZodType>(response: Response, schema: T): Promise<z.infer<T>> {
  return schema.parse(await response.json());
}
