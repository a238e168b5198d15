import { z } from 'zod';
import { type ErrorCode as ErrorCodeName, errorCodeNames } from './error-codes.js';

export const ErrorCode = z.enum(errorCodeNames as [ErrorCodeName, ...ErrorCodeName[]]);
