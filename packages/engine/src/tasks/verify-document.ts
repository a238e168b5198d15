import { type DocumentSignature, verifyDocument as verify } from '../crypto/index.js';

export interface VerifyDocumentInput {
  document: unknown;
  signature: DocumentSignature;
  publicKeyOrCertificatePem: string;
}

/** Task: whether a document signature verifies with a public key or certificate. */
export async function verifyDocument(input: VerifyDocumentInput): Promise<boolean> {
  return verify(input.document, input.signature, input.publicKeyOrCertificatePem);
}
