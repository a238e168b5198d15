import { AppError } from '@lucent/shared';
import { TRPCError } from '@trpc/server';

/** The product code a tRPC call or service call failed with (undefined when it succeeded). */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof AppError) return error.cause.code;
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

export const jsonRequest = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
