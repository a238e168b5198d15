import {
  generateSigningIdentity as generate,
  type SigningIdentity,
  type SigningIdentityOptions,
} from '../crypto/index.js';

/** Task: a new RSA key pair and its self-signed certificate (PEM). */
export async function generateSigningIdentity(input: SigningIdentityOptions): Promise<SigningIdentity> {
  return generate(input);
}
