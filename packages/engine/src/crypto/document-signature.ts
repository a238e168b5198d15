import { createHash, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { Errors } from '../errors/engine-error.js';
import { fromBase64 } from './byte-encoding.js';
import { canonicalJsonBytes } from './canonical-json.js';
import { rsaPrivateKey, rsaPublicKey } from './rsa-keys.js';

/**
 * Document signatures: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2) over the UTF-8 canonical
 * JSON (RFC 8785) of the document. The signed DigestInfo therefore carries exactly
 * `documentHash` = SHA-256(canonical JSON), so any RSA-SHA256 implementation (node:crypto, forge,
 * OpenSSL, WebCrypto RSASSA-PKCS1-v1_5) can check it. Signing uses node:crypto (~2 ms; forge's
 * pure-JS RSA takes ~120 ms).
 */
export const documentSignatureSchema = z.object({
  algorithm: z.literal('RSA-SHA256'),
  documentHash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1).max(4096),
});

export type DocumentSignature = z.infer<typeof documentSignatureSchema>;

/** Lowercase hex SHA-256 of the document's canonical JSON. */
export function documentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJsonBytes(document)).digest('hex');
}

/** Signs the canonical JSON of `document` with an RSA private key PEM (≥ 2048 bits). */
export function signDocument(document: unknown, privateKeyPem: string): DocumentSignature {
  const key = rsaPrivateKey(privateKeyPem);
  const bytes = canonicalJsonBytes(document);
  return {
    algorithm: 'RSA-SHA256',
    documentHash: createHash('sha256').update(bytes).digest('hex'),
    signature: sign('sha256', bytes, key).toString('base64'),
  };
}

/**
 * True when `signature` is a valid signature of `document` by the key in `publicKeyOrCertificatePem`
 * (a public key or an X.509 certificate; the certificate's validity period is not checked here).
 * A malformed or mismatching signature gives false; a malformed key throws INVALID_KEY; a document
 * that is not JSON data throws VALIDATION_FAILED.
 */
export function verifyDocument(
  document: unknown,
  signature: DocumentSignature,
  publicKeyOrCertificatePem: string,
): boolean {
  const key = rsaPublicKey(publicKeyOrCertificatePem);
  const bytes = canonicalJsonBytes(document);
  const parsed = documentSignatureSchema.safeParse(signature);
  if (!parsed.success) return false;
  const signatureBytes = fromBase64(parsed.data.signature);
  if (!signatureBytes) return false;
  if (createHash('sha256').update(bytes).digest('hex') !== parsed.data.documentHash) return false;
  return verify('sha256', bytes, key, signatureBytes);
}

/** `verifyDocument` that throws SIGNATURE_INVALID instead of returning false. */
export function assertDocumentSignature(
  document: unknown,
  signature: DocumentSignature,
  publicKeyOrCertificatePem: string,
): void {
  if (!verifyDocument(document, signature, publicKeyOrCertificatePem)) throw Errors.signatureInvalid();
}
