/**
 * The Redis cache's byte budget, kept by three keys beside the values (under the same prefix):
 * a sorted set of value keys scored by expiry time (ms), a hash of their sizes and a running total.
 *
 * Why this and not Redis's own maxmemory: the server is shared (sessions, queues, other prefixes),
 * so a global policy cannot bound one cache, and INFO-based eviction would be racy and approximate.
 * Scoring by expiry makes the eviction order "soonest to expire first" (Redis's volatile-ttl), and
 * lets each write drop the entries that already expired on their own, so the total stays exact.
 * The scripts name value keys they did not receive in KEYS, so this is for a single Redis (not
 * Cluster), which is what Lucent runs against.
 */
export const BUDGET_KEYS = {
  index: '__budget:expiry',
  sizes: '__budget:sizes',
  total: '__budget:bytes',
} as const;

const purge = `
local function purge(index, sizes, total, now)
  local expired = redis.call('ZRANGEBYSCORE', index, '-inf', now)
  for _, key in ipairs(expired) do
    local size = redis.call('HGET', sizes, key)
    if size then redis.call('DECRBY', total, size) end
    redis.call('HDEL', sizes, key)
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', index, '-inf', now) end
  return #expired
end
`;

/** KEYS: value, index, sizes, total. ARGV: value, ttl seconds, now ms, max bytes. Returns evictions. */
export const setWithinBudget = `${purge}
local key, index, sizes, total = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = tonumber(ARGV[3])
purge(index, sizes, total, now)
local previous = redis.call('HGET', sizes, key)
if previous then redis.call('DECRBY', total, previous) end
local size = string.len(ARGV[1])
redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', index, now + tonumber(ARGV[2]) * 1000, key)
redis.call('HSET', sizes, key, size)
local bytes = redis.call('INCRBY', total, size)
local evicted = 0
while bytes > tonumber(ARGV[4]) do
  local oldest = redis.call('ZPOPMIN', index)
  if #oldest == 0 then break end
  local victim = oldest[1]
  local victimSize = redis.call('HGET', sizes, victim)
  redis.call('HDEL', sizes, victim)
  redis.call('DEL', victim)
  if victimSize then bytes = redis.call('DECRBY', total, victimSize) end
  evicted = evicted + 1
end
return evicted
`;

/** KEYS: value, sizes, total, index. Returns 1 when a value was deleted. */
export const deleteTracked = `
local size = redis.call('HGET', KEYS[2], KEYS[1])
if size then redis.call('DECRBY', KEYS[3], size) end
redis.call('HDEL', KEYS[2], KEYS[1])
redis.call('ZREM', KEYS[4], KEYS[1])
return redis.call('DEL', KEYS[1])
`;

/** KEYS: index, sizes, total. ARGV: now ms. Returns how many expired entries were dropped. */
export const purgeExpired = `${purge}
return purge(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[1]))
`;
