import type { TokenResponse, UserProfile } from '@lucent/shared';
import type { FetchFunction } from './http-transport.js';
import { errorFromResponse, networkError } from './lucent-error.js';

/** What a signed-in client keeps (and the CLI stores): both tokens and when the access token expires. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user?: UserProfile;
}

export interface LoginCredentials {
  email: string;
  password: string;
  rememberMe?: boolean;
}

/** Renew the access token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

export interface TokenSession {
  /** The current access token, refreshed first when it is about to expire; undefined when signed out. */
  accessToken(): Promise<string | undefined>;
  login(credentials: LoginCredentials): Promise<TokenResponse>;
  /** Rotate the refresh token now. */
  refresh(): Promise<StoredTokens>;
  logout(): Promise<void>;
  current(): StoredTokens | undefined;
}

const storedOf = (response: TokenResponse, now: number): StoredTokens => ({
  accessToken: response.access_token,
  refreshToken: response.refresh_token,
  expiresAt: now + response.expires_in * 1000,
  user: response.user,
});

/**
 * Sign-in state of one client: login, refresh (single-flight, rotated tokens handed to `onTokens`
 * so a caller can persist them), logout.
 */
export function createTokenSession(options: {
  baseUrl: string;
  fetch: FetchFunction;
  tokens?: StoredTokens | undefined;
  onTokens?: ((tokens: StoredTokens | undefined) => void | Promise<void>) | undefined;
  now?: () => number;
}): TokenSession {
  const now = options.now ?? Date.now;
  let tokens = options.tokens;
  let refreshing: Promise<StoredTokens> | undefined;

  async function post(path: string, body: unknown, bearer?: string): Promise<Response> {
    const url = `${options.baseUrl}${path}`;
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw networkError(url, error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function store(next: StoredTokens | undefined) {
    tokens = next;
    await options.onTokens?.(next);
  }

  async function refresh(): Promise<StoredTokens> {
    const current = tokens;
    if (current === undefined) throw new Error('not signed in');
    refreshing ??= (async () => {
      try {
        const response = await post('/api/v1/auth/refresh', { refresh_token: current.refreshToken });
        const next = storedOf((await response.json()) as TokenResponse, now());
        await store(next);
        return next;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  return {
    async accessToken() {
      if (tokens === undefined) return undefined;
      if (tokens.expiresAt - now() < RENEW_BEFORE_MS) return (await refresh()).accessToken;
      return tokens.accessToken;
    },
    async login(credentials) {
      const response = await post('/api/v1/auth/login', credentials);
      const body = (await response.json()) as TokenResponse;
      await store(storedOf(body, now()));
      return body;
    },
    refresh,
    async logout() {
      const current = tokens;
      if (current === undefined) return;
      await store(undefined);
      await post('/api/v1/auth/logout', {}, current.accessToken).catch(() => undefined);
    },
    current: () => tokens,
  };
}
