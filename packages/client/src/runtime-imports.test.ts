import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sourceDir = fileURLToPath(new URL('.', import.meta.url));

/** The package's shipped modules (tests and test utilities excluded), as relative paths. */
async function shippedModules(): Promise<string[]> {
  const entries = await readdir(sourceDir, { recursive: true });
  return entries
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.test-util.ts'))
    .filter((path) => !path.endsWith('.d.ts'))
    .sort();
}

/** The modules a file imports at run time, after TypeScript erases type-only imports as the build does. */
async function runtimeImports(path: string): Promise<string[]> {
  const source = await readFile(join(sourceDir, path), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.ES2022,
      target: ts.ScriptTarget.ES2023,
      verbatimModuleSyntax: true,
    },
    fileName: path,
  });
  const imports = /^\s*(?:import|export)\b(?:[^'";]*?from\s+)?['"]([^'"]+)['"]/gm;
  return [...outputText.matchAll(imports)].map((match) => match[1] ?? '');
}

describe('@lucent/client run-time imports', () => {
  it('never imports the server (@lucent/api) at run time, only its types', async () => {
    const modules = await shippedModules();
    expect(modules).toContain('create-lucent-client.ts');
    const typeOnly = (await readFile(join(sourceDir, 'create-lucent-client.ts'), 'utf8')).includes(
      "import type { AppRouter } from '@lucent/api'",
    );
    expect(typeOnly).toBe(true);
    for (const path of modules) {
      const imports = await runtimeImports(path);
      expect(
        imports.filter((name) => name.startsWith('@lucent/api')),
        path,
      ).toEqual([]);
    }
  });

  it('keeps the SDK free of Node built-ins: only @trpc/client, @lucent/shared and its own modules (the CLI may use node:)', async () => {
    const sdk = (await shippedModules()).filter((path) => !path.startsWith('cli'));
    expect(await runtimeImports('create-lucent-client.ts')).toContain('@trpc/client');
    for (const path of sdk) {
      for (const name of await runtimeImports(path)) {
        expect(
          ['@trpc/client', '@lucent/shared'].includes(name) || name.startsWith('./'),
          `${path} imports ${name}`,
        ).toBe(true);
      }
    }
  });
});
