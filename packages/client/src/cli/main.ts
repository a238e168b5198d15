import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_URL, runCli } from './run-cli.js';

// The lucent executable (bin/lucent.js imports the built copy of this module).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`lucent studies | head`) ends the run quietly.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const output = {
  stdout: (text: string) => process.stdout.write(`${text}\n`),
  stderr: (text: string) => process.stderr.write(`${text}\n`),
  terminal: process.stderr.isTTY
    ? { write: (text: string) => process.stderr.write(text), columns: process.stderr.columns || 80 }
    : undefined,
};

try {
  // The one place the CLI reads the environment: the default server and how to sign in.
  const env = process.env;
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  process.exitCode = await runCli(process.argv.slice(2), output, env.LUCENT_URL || DEFAULT_URL, {
    token: env.LUCENT_TOKEN,
    email: env.LUCENT_EMAIL,
    password: env.LUCENT_PASSWORD,
    credentialsFile: env.LUCENT_CREDENTIALS || join(configHome, 'lucent', 'credentials.json'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  });
} catch (error) {
  output.stderr(`lucent: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
