import { type Permission, permissionNames, ROLE_PERMISSIONS, roleNames } from '@lucent/shared';
import { type DeclaredEndpoint, describeAccess } from './access-inventory.js';

/** The generated blocks of docs/security.md live between these markers; the prose around them is hand-written. */
export const GENERATED = {
  roles: ['<!-- generated:roles -->', '<!-- /generated:roles -->'],
  routes: ['<!-- generated:routes -->', '<!-- /generated:routes -->'],
} as const;

/** Roles × permissions, from ROLE_PERMISSIONS (✓ = granted). */
export function rolesTable(): string {
  const header = `| Permission | ${roleNames.map((role) => `\`${role}\``).join(' | ')} |`;
  const rule = `|---|${roleNames.map(() => ':-:').join('|')}|`;
  const rows = permissionNames.map(
    (permission: Permission) =>
      `| \`${permission}\` | ${roleNames.map((role) => (ROLE_PERMISSIONS[role].includes(permission) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

const accessCell = (endpoint: DeclaredEndpoint) => {
  const access = endpoint.access;
  if (access !== undefined && 'permission' in access) return `\`${access.permission}\``;
  return describeAccess(access);
};

/** Every REST/DICOMweb route and tRPC procedure with what it needs, from the declarations. */
export function routesTable(rest: DeclaredEndpoint[], trpc: DeclaredEndpoint[]): string {
  const byPath = (a: DeclaredEndpoint, b: DeclaredEndpoint) =>
    a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
  const restRows = [...rest]
    .sort(byPath)
    .map((route) => `| ${route.method} | \`${route.path}\` | ${accessCell(route)} |`);
  const trpcRows = [...trpc]
    .sort(byPath)
    .map((procedure) => `| ${procedure.method} | \`${procedure.path}\` | ${accessCell(procedure)} |`);
  return [
    '### REST and DICOMweb routes',
    '',
    '| Method | Path | Needs |',
    '|---|---|---|',
    ...restRows,
    '',
    '### tRPC procedures',
    '',
    '| Type | Procedure | Needs |',
    '|---|---|---|',
    ...trpcRows,
  ].join('\n');
}

/** Replace the generated blocks of `document` (markers kept). */
export function withGeneratedBlocks(document: string, blocks: { roles: string; routes: string }): string {
  let text = document;
  for (const name of ['roles', 'routes'] as const) {
    const [open, close] = GENERATED[name];
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start === -1 || end < start) throw new Error(`docs/security.md lacks the ${open} … ${close} markers`);
    text = `${text.slice(0, start + open.length)}\n${blocks[name]}\n${text.slice(end)}`;
  }
  return text;
}
