/**
 * The product's error catalogue: every code the API or the engine can answer with, its HTTP status
 * and a client-safe message (never PHI). docs/errors.md documents each one; a test keeps them aligned.
 */
export const ErrorCodes = {
  // Authentication and authorization (product spec 1xxx)
  INVALID_CREDENTIALS: { code: 1001, status: 401, message: 'Invalid email or password' },
  TOKEN_EXPIRED: { code: 1002, status: 401, message: 'The access token has expired' },
  TOKEN_INVALID: { code: 1003, status: 401, message: 'The access token is invalid' },
  UNAUTHENTICATED: { code: 1004, status: 401, message: 'Authentication is required' },
  FORBIDDEN: { code: 1005, status: 403, message: 'You do not have permission for this action' },
  ACCOUNT_LOCKED: {
    code: 1006,
    status: 429,
    message: 'Too many failed sign-in attempts; the account is locked for a while',
  },
  RATE_LIMITED: { code: 1007, status: 429, message: 'Too many requests; retry later' },
  SESSION_REVOKED: { code: 1008, status: 401, message: 'The session has ended; sign in again' },
  REFRESH_TOKEN_INVALID: { code: 1009, status: 401, message: 'The refresh token is invalid or expired' },
  REFRESH_TOKEN_REUSED: {
    code: 1010,
    status: 401,
    message: 'The refresh token was already used; the session has been revoked',
  },
  WEAK_PASSWORD: {
    code: 1011,
    status: 400,
    message:
      'The password needs at least 12 characters with upper and lower case, a digit and a symbol, and must not be the email',
  },
  CSRF_FAILED: { code: 1012, status: 403, message: 'The CSRF token is missing or wrong' },
  SIGNED_URL_INVALID: { code: 1013, status: 401, message: 'The signed URL is invalid or has expired' },

  // Request validation (2xxx)
  VALIDATION_FAILED: { code: 2001, status: 400, message: 'The request is invalid' },
  NOT_FOUND: { code: 2002, status: 404, message: 'The resource was not found' },
  CONFLICT: { code: 2003, status: 409, message: 'The resource conflicts with an existing one' },
  PAYLOAD_TOO_LARGE: { code: 2004, status: 413, message: 'The payload is too large' },
  INSTANCE_CONFLICT: {
    code: 2005,
    status: 409,
    message: 'An instance with this SOP Instance UID and different content is already stored',
  },
  UNSUPPORTED_MEDIA_TYPE: { code: 2006, status: 415, message: 'The request body has an unsupported media type' },
  NOT_ACCEPTABLE: { code: 2007, status: 406, message: 'None of the accepted media types can be produced' },
  REQUEST_TIMEOUT: { code: 2008, status: 504, message: 'The request did not finish in time' },
  INVALID_UID: { code: 2009, status: 400, message: 'A UID is malformed' },
  UPLOAD_INCOMPLETE: { code: 2010, status: 400, message: 'The upload ended before its declared length' },
  SERVICE_UNAVAILABLE: { code: 2011, status: 503, message: 'The service is not available; retry later' },
  STUDY_OR_PATIENT_REQUIRED: {
    code: 2012,
    status: 400,
    message: 'A JPEG or PNG upload needs a studyInstanceUid or a patientId to be stored as DICOM',
  },
  PHI_SEARCH_UNSUPPORTED: {
    code: 2013,
    status: 400,
    message:
      'Patient names and IDs are encrypted: search them by exact value or (names) by a prefix ending in *, and do not sort by them',
  },

  // DICOM input (3xxx) — raised by the engine, answered as 4xx by the API
  INVALID_DICOM: { code: 3001, status: 400, message: 'The data is not a readable DICOM dataset' },
  TRUNCATED_DICOM: { code: 3002, status: 400, message: 'The DICOM data ends before its declared length' },
  UNSUPPORTED_TRANSFER_SYNTAX: { code: 3003, status: 415, message: 'The transfer syntax is not supported' },
  NO_PIXEL_DATA: { code: 3004, status: 422, message: 'The instance has no pixel data' },
  FRAME_OUT_OF_RANGE: { code: 3005, status: 400, message: 'The requested frame does not exist' },
  INVALID_PIXEL_MODULE: { code: 3006, status: 422, message: 'The image pixel attributes are inconsistent' },
  CORRUPT_PIXEL_DATA: { code: 3007, status: 422, message: 'The pixel data could not be decoded' },
  INVALID_RENDER_OPTIONS: { code: 3008, status: 400, message: 'The rendering parameters are invalid' },
  RENDER_FAILED: { code: 3009, status: 422, message: 'The image could not be rendered' },
  INVALID_IMAGE: { code: 3010, status: 400, message: 'The data is not a readable JPEG or PNG image' },

  // Engine pool (4xxx)
  ENGINE_OVERLOADED: { code: 4001, status: 503, message: 'The image engine is overloaded; retry later' },
  ENGINE_TIMEOUT: { code: 4002, status: 504, message: 'The image engine did not finish in time' },
  ENGINE_ABORTED: { code: 4003, status: 499, message: 'The request was cancelled' },
  ENGINE_TASK_FAILED: { code: 4004, status: 500, message: 'The image engine failed on this task' },
  ENGINE_CLOSED: { code: 4005, status: 503, message: 'The image engine is shutting down' },
  STORED_FILE_CHANGED: {
    code: 4006,
    status: 503,
    message: 'A stored file changed while it was being read; retry',
  },
  STORED_FILE_MISSING: { code: 4007, status: 500, message: 'A stored file is missing' },

  // Cryptography (5xxx)
  DECRYPTION_FAILED: { code: 5001, status: 500, message: 'Encrypted data failed its integrity check' },
  UNKNOWN_KEY: { code: 5002, status: 500, message: 'No key with that id is in the key ring' },
  INVALID_CIPHERTEXT: { code: 5003, status: 500, message: 'The ciphertext is malformed' },
  INVALID_KEY: { code: 5004, status: 500, message: 'A key is malformed' },
  SIGNATURE_INVALID: { code: 5005, status: 422, message: 'The signature does not verify' },
  HASH_CHAIN_BROKEN: { code: 5006, status: 500, message: 'The hash chain does not verify' },

  INTERNAL: { code: 9999, status: 500, message: 'Internal error' },
} as const satisfies Record<string, { code: number; status: number; message: string }>;

export type ErrorCode = keyof typeof ErrorCodes;

export const errorCodeNames = Object.keys(ErrorCodes) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value);
}
