export interface CliOutput {
  /** Results (lines, tables, JSON). A newline is added. */
  stdout(text: string): void;
  /** Diagnostics for a person (usage and server errors). A newline is added. */
  stderr(text: string): void;
  /** A terminal for a live progress line (stderr on a TTY), or undefined to print plain lines instead. */
  terminal?: { write(text: string): void; columns: number } | undefined;
}

export const ExitCode = { ok: 0, usage: 1, failed: 2 } as const;
