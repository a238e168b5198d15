import { errorFromResponse, LucentError, networkError } from './lucent-error.js';

export type HeadersRecord = Record<string, string>;
/** Extra request headers (e.g. Authorization): fixed, or computed for every request. */
export type HeadersOption = HeadersRecord | (() => HeadersRecord | Promise<HeadersRecord>);
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface HttpTransport {
  /** The server's base URL without a trailing slash, e.g. `http://localhost:3000`. */
  readonly baseUrl: string;
  readonly fetch: FetchFunction;
  headers(): Promise<HeadersRecord>;
  /** Fetch `path` (relative to the base URL, or absolute); a non-2xx answer or no answer throws a LucentError. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** `http://host:3000/` → `http://host:3000`; rejects what is not an http(s) URL. */
export function normaliseBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new LucentError('VALIDATION_FAILED', { status: 0, message: `Not a URL: ${url}`, cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new LucentError('VALIDATION_FAILED', { status: 0, message: `Not an http(s) URL: ${url}` });
  }
  return parsed.toString().replace(/\/+$/, '');
}

export function createHttpTransport(options: {
  url: string;
  headers?: HeadersOption;
  fetch?: FetchFunction;
}): HttpTransport {
  const baseUrl = normaliseBaseUrl(options.url);
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headerOption = options.headers;
  const headers = async (): Promise<HeadersRecord> =>
    typeof headerOption === 'function' ? await headerOption() : { ...headerOption };
  return {
    baseUrl,
    fetch: fetchFunction,
    headers,
    async request(path, init = {}) {
      const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
      const merged = new Headers(await headers());
      new Headers(init.headers).forEach((value, name) => {
        merged.set(name, value);
      });
      let response: Response;
      try {
        response = await fetchFunction(url, { ...init, headers: merged });
      } catch (error) {
        if (init.signal?.aborted) throw init.signal.reason ?? error;
        throw networkError(url, error);
      }
      if (!response.ok && response.status !== 304) throw await errorFromResponse(response);
      return response;
    },
  };
}
