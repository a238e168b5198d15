/** Task: do nothing; measures the pool's round trip. */
export async function ping(): Promise<'pong'> {
  return 'pong';
}
