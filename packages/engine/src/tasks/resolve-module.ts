export interface ResolveModuleInput {
  specifier: string;
}

/**
 * Test-only task: where a worker thread resolves a module specifier, to check that workspace
 * packages resolve to their sources when the engine runs from source.
 */
export async function resolveModule(input: ResolveModuleInput): Promise<string> {
  return import.meta.resolve(input.specifier);
}
