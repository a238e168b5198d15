import type {
  BlindIndexOptions,
  ChainLink,
  ChainVerification,
  DocumentSignature,
  KeyRing,
  PrefixIndexOptions,
  ScryptParams,
  SigningIdentity,
  SigningIdentityOptions,
} from '../crypto/index.js';
import { callOptions } from './call-options.js';
import type { CallOptions } from './engine-options.js';
import { TaskName } from './task-names.js';
import type { TaskRunner } from './task-runner.js';

export interface FieldCallOptions extends CallOptions {
  /** Additional authenticated data binding the token to its context (e.g. `patients.name`). */
  aad?: string;
}

export interface HashPasswordCallOptions extends CallOptions {
  /** Overrides of the OWASP scrypt defaults. */
  params?: Partial<ScryptParams>;
}

export interface VerifyChainCallOptions extends CallOptions {
  /** Hash the first link follows (default: the genesis hash). */
  startHash?: string;
}

/**
 * Crypto methods of the Engine (see crypto/*.ts for the primitives). Keys and key rings are copied
 * to the worker, never transferred: the caller's key material stays usable.
 */
export interface EngineCrypto {
  encryptField(plaintext: string | Uint8Array, ring: KeyRing, options?: FieldCallOptions): Promise<string>;
  decryptField(token: string, ring: KeyRing, options?: FieldCallOptions): Promise<Uint8Array>;
  decryptFieldText(token: string, ring: KeyRing, options?: FieldCallOptions): Promise<string>;
  rotateField(token: string, ring: KeyRing, options?: FieldCallOptions): Promise<string>;
  blindIndex(value: string, key: Uint8Array, index: BlindIndexOptions, options?: CallOptions): Promise<string>;
  prefixIndexes(value: string, key: Uint8Array, index: PrefixIndexOptions, options?: CallOptions): Promise<string[]>;
  hashPassword(password: string, options?: HashPasswordCallOptions): Promise<string>;
  verifyPassword(password: string, encoded: string, options?: CallOptions): Promise<boolean>;
  signDocument(document: unknown, privateKeyPem: string, options?: CallOptions): Promise<DocumentSignature>;
  verifyDocument(
    document: unknown,
    signature: DocumentSignature,
    publicKeyOrCertificatePem: string,
    options?: CallOptions,
  ): Promise<boolean>;
  generateSigningIdentity(identity: SigningIdentityOptions, options?: CallOptions): Promise<SigningIdentity>;
  chainHash(previousHash: string, entry: unknown, options?: CallOptions): Promise<string>;
  verifyChain(entries: readonly ChainLink[], options?: VerifyChainCallOptions): Promise<ChainVerification>;
}

function fieldInput(token: string, ring: KeyRing, options: FieldCallOptions) {
  return { token, ring, ...(options.aad === undefined ? {} : { aad: options.aad }) };
}

export function engineCrypto(runner: TaskRunner): EngineCrypto {
  return {
    encryptField: (plaintext, ring, options = {}) =>
      runner.run(
        TaskName.encryptField,
        { plaintext, ring, ...(options.aad === undefined ? {} : { aad: options.aad }) },
        callOptions(options),
      ),
    decryptField: (token, ring, options = {}) =>
      runner.run(TaskName.decryptField, fieldInput(token, ring, options), callOptions(options)),
    decryptFieldText: (token, ring, options = {}) =>
      runner.run(TaskName.decryptFieldText, fieldInput(token, ring, options), callOptions(options)),
    rotateField: (token, ring, options = {}) =>
      runner.run(TaskName.rotateField, fieldInput(token, ring, options), callOptions(options)),
    blindIndex: (value, key, index, options = {}) =>
      runner.run(TaskName.blindIndex, { value, key, options: index }, callOptions(options)),
    prefixIndexes: (value, key, index, options = {}) =>
      runner.run(TaskName.prefixIndexes, { value, key, options: index }, callOptions(options)),
    hashPassword: (password, options = {}) =>
      runner.run(
        TaskName.hashPassword,
        { password, ...(options.params === undefined ? {} : { params: options.params }) },
        callOptions(options),
      ),
    verifyPassword: (password, encoded, options = {}) =>
      runner.run(TaskName.verifyPassword, { password, encoded }, callOptions(options)),
    signDocument: (document, privateKeyPem, options = {}) =>
      runner.run(TaskName.signDocument, { document, privateKeyPem }, callOptions(options)),
    verifyDocument: (document, signature, publicKeyOrCertificatePem, options = {}) =>
      runner.run(TaskName.verifyDocument, { document, signature, publicKeyOrCertificatePem }, callOptions(options)),
    generateSigningIdentity: (identity, options = {}) =>
      runner.run(TaskName.generateSigningIdentity, identity, callOptions(options)),
    chainHash: (previousHash, entry, options = {}) =>
      runner.run(TaskName.chainHash, { previousHash, entry }, callOptions(options)),
    verifyChain: (entries, options = {}) =>
      runner.run(
        TaskName.verifyChain,
        { entries, ...(options.startHash === undefined ? {} : { startHash: options.startHash }) },
        callOptions(options),
      ),
  };
}
