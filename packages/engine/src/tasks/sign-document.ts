import { type DocumentSignature, signDocument as sign } from '../crypto/index.js';

export interface SignDocumentInput {
  document: unknown;
  privateKeyPem: string;
}

/** Task: RSA-SHA256 signature of a document's canonical JSON. */
export async function signDocument(input: SignDocumentInput): Promise<DocumentSignature> {
  return sign(input.document, input.privateKeyPem);
}
