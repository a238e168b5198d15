import { Redis } from 'ioredis';

/** Where Redis publishes invalidations for clients that redirect them (RESP2 client-side caching). */
export const INVALIDATION_CHANNEL = '__redis__:invalidate';

export interface KeyTrackingOptions {
  /** The connection whose reads are tracked (its keys are remembered by Redis per connection). */
  client: Redis;
  /** Where to open the second connection, the one that receives the invalidations. */
  url: string;
  /** Tracking holds from now on: reads sent after this are tracked. */
  onTracked(): void;
  /** Either connection dropped, or tracking could not be enabled: invalidations may be missed. */
  onUntracked(): void;
  /** Full key names (with the key prefix) that changed, expired or were evicted; null: a flush, every key. */
  onInvalidate(keys: string[] | null): void;
  /** CLIENT TRACKING or the subscription failed (tracking stays off until the next reconnection). */
  onError?(error: unknown): void;
}

export interface KeyTracking {
  /** The client id invalidations are redirected to while tracked, else null. */
  readonly redirectClientId: number | null;
  close(): Promise<void>;
}

/**
 * Redis server-assisted client-side caching (Redis ≥ 6) in RESP2's redirect mode: a second
 * connection SUBSCRIBEs to `__redis__:invalidate` and `client` sends `CLIENT TRACKING on REDIRECT
 * <its id>`, so Redis remembers every key `client` reads and, when one changes, publishes its name
 * once to the subscriber. Tracking lives and dies with the connections: after any reconnection
 * of either, it is re-established (with the subscriber's new id), and `onUntracked` is called as
 * soon as either drops, before any command can go out on a new, untracked connection.
 */
export function trackKeys(options: KeyTrackingOptions): KeyTracking {
  const { client } = options;
  const subscriber = new Redis(options.url, { autoResubscribe: false, maxRetriesPerRequest: 2 });
  /** The subscriber's id once it is subscribed on its current connection. */
  let subscriberId: number | null = null;
  let redirectClientId: number | null = null;
  /** Bumped whenever either connection drops, and the subscriber's alone: work begun before is void. */
  let losses = 0;
  let subscriberLosses = 0;
  /** Bumped per CLIENT TRACKING sent: only the latest one's reply counts. */
  let establishing = 0;
  let closed = false;

  function lose() {
    losses += 1;
    redirectClientId = null;
    options.onUntracked();
  }

  /**
   * CLIENT TRACKING, then a check that the connection really redirects to the current subscriber: a
   * CLIENT TRACKING with an older id, in flight when the connection dropped, is re-sent by ioredis
   * after the one sent on 'ready' and would otherwise win. Retried a few times, then left untracked.
   */
  async function establish(retries = 3): Promise<void> {
    const redirect = subscriberId;
    if (closed || redirect === null || client.status !== 'ready') return;
    establishing += 1;
    const mine = establishing;
    const lossesBefore = losses;
    const current = () => !closed && mine === establishing && lossesBefore === losses && subscriberId === redirect;
    let redirecting: number;
    try {
      await client.client('TRACKING', 'ON', 'REDIRECT', String(redirect));
      redirecting = Number(await client.client('GETREDIR'));
    } catch (error) {
      if (current()) options.onError?.(error);
      return;
    }
    if (!current()) return;
    if (redirecting !== redirect) {
      if (retries > 0) return establish(retries - 1);
      options.onError?.(new Error(`CLIENT GETREDIR answers ${redirecting}, not the subscriber ${redirect}`));
      return;
    }
    redirectClientId = redirect;
    options.onTracked();
  }

  async function subscribe() {
    const connection = subscriberLosses;
    try {
      const id = Number(await subscriber.client('ID'));
      await subscriber.subscribe(INVALIDATION_CHANNEL);
      if (connection !== subscriberLosses || closed) return;
      subscriberId = id;
    } catch (error) {
      // The connection failed underneath: its 'close' and the next 'ready' retry.
      if (connection === subscriberLosses && !closed) options.onError?.(error);
      return;
    }
    await establish();
  }

  subscriber.on('messageBuffer', (channel: Buffer, message: Buffer[] | Buffer | null) => {
    if (channel.toString() !== INVALIDATION_CHANNEL) return;
    if (message === null) options.onInvalidate(null);
    else options.onInvalidate(Array.isArray(message) ? message.map(String) : [message.toString()]);
  });
  subscriber.on('ready', () => void subscribe());
  subscriber.on('close', () => {
    subscriberId = null;
    subscriberLosses += 1;
    lose();
  });
  subscriber.on('error', () => {
    // A connection error: 'close' follows and untracks; ioredis reconnects.
  });
  const onClientReady = () => void establish();
  client.on('ready', onClientReady);
  client.on('close', lose);

  return {
    get redirectClientId() {
      return redirectClientId;
    },
    async close() {
      closed = true;
      client.off('ready', onClientReady);
      client.off('close', lose);
      lose();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
