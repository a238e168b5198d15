/** The worker's task names: internal, callers use the Engine's typed methods. */
export const TaskName = {
  info: 'info',
  dicomJson: 'dicom-json',
  decode: 'decode',
  decodeSummary: 'decode-summary',
  render: 'render',
  decodeParts: 'decode-parts',
  renderParts: 'render-parts',
  renderDecoded: 'render-decoded',
  renderCopy: 'render-copy',
  encryptField: 'encrypt-field',
  decryptField: 'decrypt-field',
  decryptFieldText: 'decrypt-field-text',
  rotateField: 'rotate-field',
  blindIndex: 'blind-index',
  prefixIndexes: 'prefix-indexes',
  hashPassword: 'hash-password',
  verifyPassword: 'verify-password',
  signDocument: 'sign-document',
  verifyDocument: 'verify-document',
  generateSigningIdentity: 'generate-signing-identity',
  chainHash: 'chain-hash',
  verifyChain: 'verify-chain',
  ping: 'ping',
} as const;
export type TaskName = (typeof TaskName)[keyof typeof TaskName];

/** Test-only tasks, dispatched only by workers of a runner created for tests. */
export const TestTaskName = {
  crashWorker: 'crash-worker',
  hang: 'hang',
  resolveModule: 'resolve-module',
} as const;
export type TestTaskName = (typeof TestTaskName)[keyof typeof TestTaskName];
