export * from './api/dicom-uid.schema.js';
export * from './api/ingest.schema.js';
export * from './api/study.schema.js';
export * from './dicom/dicom-metadata.schema.js';
export * from './engine/decode-summary.schema.js';
export * from './engine/render-options.schema.js';
export { AppError, type AppErrorOptions, isAppError } from './errors/app-error.js';
export { ErrorCode as ErrorCodeSchema } from './errors/error-code.schema.js';
export { type ErrorCode, ErrorCodes, errorCodeNames, isErrorCode } from './errors/error-codes.js';
