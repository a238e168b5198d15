export {
  createLucentClient,
  type DownloadedImage,
  type LucentClient,
  type LucentClientOptions,
  type LucentImages,
  type LucentTrpcClient,
} from './create-lucent-client.js';
export type { FetchFunction, HeadersOption, HeadersRecord } from './http-transport.js';
export { createImageUrls, type ImageUrls, type RenderedImageOptions } from './image-urls.js';
export { isLucentError, LucentError, type LucentErrorOptions } from './lucent-error.js';
export { createTokenSession, type LoginCredentials, type StoredTokens, type TokenSession } from './token-session.js';
export type {
  UploadData,
  UploadFile,
  UploadFileResult,
  UploadFilesOptions,
  UploadOptions,
  UploadProgress,
  UploadSummary,
  UploadWait,
} from './upload-types.js';
