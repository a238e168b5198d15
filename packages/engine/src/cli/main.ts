import { runCli } from './run-cli.js';

// The lucent-engine executable (bin/lucent-engine.js imports the built copy of this module).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`lucent-engine decode … | head`) ends the run quietly.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const output = {
  stdout: (text: string) => process.stdout.write(`${text}\n`),
  stderr: (text: string) => process.stderr.write(`${text}\n`),
};

try {
  process.exitCode = await runCli(process.argv.slice(2), output);
} catch (error) {
  output.stderr(`lucent-engine: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
