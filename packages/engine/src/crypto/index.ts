export { type AesGcmSealed, aesGcmDecrypt, aesGcmEncrypt } from './aes-gcm.js';
export {
  type BlindIndexOptions,
  blindIndex,
  hmacSha256,
  type IndexKind,
  MIN_INDEX_KEY_BYTES,
  normalizeForIndex,
  type PrefixIndexOptions,
  prefixIndex,
  prefixIndexes,
} from './blind-index.js';
export { canonicalJson, canonicalJsonBytes } from './canonical-json.js';
export {
  assertDocumentSignature,
  type DocumentSignature,
  documentHash,
  documentSignatureSchema,
  signDocument,
  verifyDocument,
} from './document-signature.js';
export {
  decryptField,
  decryptFieldText,
  encryptField,
  keyIdOf,
  needsRotation,
  rotateField,
} from './field-encryption.js';
export {
  appendEntry,
  assertChain,
  type ChainLink,
  type ChainVerification,
  chainHash,
  GENESIS_HASH,
  verifyChain,
} from './hash-chain.js';
export { type KeyRing, keyRingSchema } from './key-ring.js';
export {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  SCRYPT_LIMITS,
  type ScryptParams,
  scryptKdf,
  verifyPassword,
} from './password-hash.js';
export {
  type CertificateInfo,
  certificateInfo,
  generateSigningIdentity,
  type SigningIdentity,
  type SigningIdentityOptions,
} from './signing-identity.js';
