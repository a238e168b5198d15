/**
 * Lua for the Redis session store (atomic per call). Keys carry the client's prefix; ids of other
 * sessions found inside a script are turned into keys with ARGV's prefix (single Redis, not Cluster).
 *   session:{id}         hash: data (static JSON), refreshHash, lastSeenAt, expiresAt; PEXPIRE = expiry
 *   session:{id}:used    set of refresh-token hashes already rotated away (reuse detection)
 *   user-sessions:{uid}  sorted set of the user's session ids, scored by creation sequence
 *   session-seq          the creation sequence
 */

/** KEYS: session, user zset, sequence. ARGV: id, data, refreshHash, lastSeenAt, expiresAt, ttlMs, cap, prefix. Returns the evicted sessions' fields. */
export const createSession = `
local prefix = ARGV[8]
redis.call('HSET', KEYS[1], 'data', ARGV[2], 'refreshHash', ARGV[3], 'lastSeenAt', ARGV[4], 'expiresAt', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[2], seq, ARGV[1])
local live = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if redis.call('EXISTS', prefix .. 'session:' .. id) == 1 then
    table.insert(live, id)
  else
    redis.call('ZREM', KEYS[2], id)
  end
end
local evicted = {}
for i = 1, #live - tonumber(ARGV[7]) do
  local key = prefix .. 'session:' .. live[i]
  table.insert(evicted, redis.call('HMGET', key, 'data', 'refreshHash', 'lastSeenAt', 'expiresAt'))
  redis.call('DEL', key, key .. ':used')
  redis.call('ZREM', KEYS[2], live[i])
end
local ttl = redis.call('PTTL', KEYS[2])
if ttl < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
return evicted
`;

/** KEYS: session, used set. ARGV: presentedHash, nextHash, expiresAt, ttlMs. */
export const rotateRefresh = `
local current = redis.call('HGET', KEYS[1], 'refreshHash')
if not current then return 'missing' end
if current == ARGV[1] then
  redis.call('HSET', KEYS[1], 'refreshHash', ARGV[2], 'expiresAt', ARGV[3])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
  return 'rotated'
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'reused' end
return 'invalid'
`;

/** KEYS: session. ARGV: lastSeenAt. Only touches a session that still exists. */
export const touchSession = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1]) end
return 0
`;
