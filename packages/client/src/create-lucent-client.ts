import type { AppRouter } from '@lucent/api';
import type { TokenResponse } from '@lucent/shared';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import { createHttpTransport, type FetchFunction, type HeadersOption, normaliseBaseUrl } from './http-transport.js';
import { createImageUrls, type ImageUrls, type RenderedImageOptions } from './image-urls.js';
import { errorFromTrpc } from './lucent-error.js';
import { createTokenSession, type LoginCredentials, type StoredTokens } from './token-session.js';
import { uploadFile, uploadFiles } from './upload-files.js';
import type { UploadFile, UploadFileResult, UploadFilesOptions, UploadOptions, UploadSummary } from './upload-types.js';

export interface LucentClientOptions {
  /** The server, e.g. `http://localhost:3000`. */
  url: string;
  /** Extra headers on every request (REST and tRPC), fixed or computed per request. */
  headers?: HeadersOption;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchFunction;
  /** A fixed access token (or a function returning the current one), sent as `Authorization: Bearer`. */
  token?: string | (() => string | Promise<string>);
  /** Tokens from an earlier sign-in (e.g. stored by the CLI); refreshed before they expire. */
  tokens?: StoredTokens;
  /** Told whenever login/refresh/logout changes the tokens (persist them here). */
  onTokens?: (tokens: StoredTokens | undefined) => void | Promise<void>;
}

export type LucentTrpcClient = TRPCClient<AppRouter>;

/** A fetched image (or pixels, or file): its bytes and what the server said about them. */
export interface DownloadedImage {
  bytes: Uint8Array;
  contentType: string;
  headers: Headers;
}

export interface LucentImages extends ImageUrls {
  /** GET one of the image URLs; an error answer throws a LucentError (e.g. NOT_FOUND, INVALID_UID). */
  download(url: string, init?: { accept?: string; signal?: AbortSignal }): Promise<DownloadedImage>;
  /** Render an instance's frame: `download(renderedUrl(sopInstanceUid, options))`. */
  render(
    sopInstanceUid: string,
    options?: RenderedImageOptions,
    init?: { accept?: string; signal?: AbortSignal },
  ): Promise<DownloadedImage>;
}

export interface LucentClient {
  /** The server's base URL, without a trailing slash. */
  readonly url: string;
  /** The typed tRPC client (`studies.search`, `studies.get`, `instances.get`, …); errors are LucentErrors. */
  readonly trpc: LucentTrpcClient;
  readonly images: LucentImages;
  /** Upload one DICOM file; an error answer throws a LucentError (e.g. INVALID_DICOM, INSTANCE_CONFLICT). */
  upload(file: UploadFile, options?: UploadOptions): Promise<UploadFileResult>;
  /**
   * Upload many files in few multipart requests (batches of up to 100 files / 64 MiB, 2 at a time),
   * with progress per file; failures are counted per file, not thrown; 429 RATE_LIMITED waits and retries.
   */
  uploadFiles(files: readonly UploadFile[], options?: UploadFilesOptions): Promise<UploadSummary>;
  /** Sign in (POST /api/v1/auth/login): later requests carry the access token, refreshed before it expires. */
  login(credentials: LoginCredentials): Promise<TokenResponse>;
  /** End the session on the server and forget the tokens. */
  logout(): Promise<void>;
  /** Rotate the refresh token now. */
  refresh(): Promise<StoredTokens>;
  /** The current tokens (undefined before login or with a fixed `token`). */
  tokens(): StoredTokens | undefined;
}

/**
 * The tRPC proxy with every call's rejection turned into a LucentError (tRPC would wrap any error a
 * link throws into its own TRPCClientError, so the conversion happens around the proxy).
 */
function withLucentErrors<T extends object>(target: T, url: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      return typeof value === 'function' || (typeof value === 'object' && value !== null)
        ? withLucentErrors(value, url)
        : value;
    },
    apply(fn, thisArgument, args) {
      const result: unknown = Reflect.apply(fn as (...args: unknown[]) => unknown, thisArgument, args);
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          throw errorFromTrpc(error, url);
        });
      }
      return result;
    },
  });
}

/** A client for one Lucent server: typed tRPC, image URLs and downloads, uploads. Imports no server code. */
export function createLucentClient(options: LucentClientOptions): LucentClient {
  const baseUrl = normaliseBaseUrl(options.url);
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const session = createTokenSession({
    baseUrl,
    fetch: fetchFunction,
    tokens: options.tokens,
    onTokens: options.onTokens,
  });
  const extra = options.headers;
  const { token } = options;
  const transport = createHttpTransport({
    url: baseUrl,
    fetch: fetchFunction,
    async headers() {
      const headers = typeof extra === 'function' ? await extra() : { ...extra };
      const bearer =
        token === undefined ? await session.accessToken() : typeof token === 'function' ? await token() : token;
      return bearer === undefined || 'authorization' in headers
        ? headers
        : { ...headers, authorization: `Bearer ${bearer}` };
    },
  });
  const trpcUrl = `${transport.baseUrl}/trpc`;
  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: trpcUrl,
        headers: transport.headers,
        // tRPC's structural RequestInit differs from lib's only under exactOptionalPropertyTypes.
        fetch: (input, init) => transport.fetch(input, init as RequestInit),
      }),
    ],
  });
  const urls = createImageUrls(transport.baseUrl);
  const download: LucentImages['download'] = async (url, init = {}) => {
    const response = await transport.request(url, {
      ...(init.accept === undefined ? {} : { headers: { accept: init.accept } }),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      headers: response.headers,
    };
  };
  return {
    url: transport.baseUrl,
    trpc: withLucentErrors(trpc, trpcUrl),
    images: {
      ...urls,
      download,
      render: (sopInstanceUid, renderOptions = {}, init = {}) =>
        download(urls.renderedUrl(sopInstanceUid, renderOptions), init),
    },
    upload: (file, uploadOptions) => uploadFile(transport, file, uploadOptions),
    uploadFiles: (files, uploadOptions) => uploadFiles(transport, files, uploadOptions),
    login: (credentials) => session.login(credentials),
    logout: () => session.logout(),
    refresh: () => session.refresh(),
    tokens: () => session.current(),
  };
}
