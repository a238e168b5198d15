import { generateKeyFile } from './generate-keys.js';

/**
 * `lucent-api keys generate`: print a fresh key file (Ed25519 signing key, master data key ring,
 * blind-index and URL keys) as JSON, for production's LUCENT_KEYS or KEYS_FILE (store it mode 0600).
 * To rotate the data key in production, add a new key under `data.keys`, point `data.activeKeyId`
 * at it, restart, and run `lucent keys rotate`.
 */
export async function runKeysCommand(argv: readonly string[], write: (text: string) => void): Promise<number> {
  if (argv[0] !== 'generate' || argv.length > 1) {
    write('Usage: lucent-api keys generate   (prints a new key file as JSON)\n');
    return 1;
  }
  write(`${JSON.stringify(await generateKeyFile(), null, 2)}\n`);
  return 0;
}
