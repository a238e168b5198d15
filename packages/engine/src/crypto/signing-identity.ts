import { generateKeyPair, randomBytes, sign, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { Errors } from '../errors/engine-error.js';
import { invalidInput } from './invalid-input.js';
import { MIN_RSA_BITS, rsaPrivateKey } from './rsa-keys.js';

declare module 'node-forge' {
  namespace pki {
    /** Present in node-forge (lib/x509.js) but missing from @types/node-forge. */
    function getTBSCertificate(cert: Certificate): asn1.Asn1;
  }
}

/** A signing key pair and its self-signed X.509 certificate, all PEM (structured-cloneable). */
export interface SigningIdentity {
  privateKeyPem: string;
  publicKeyPem: string;
  certificatePem: string;
}

export interface SigningIdentityOptions {
  commonName: string;
  organization?: string;
  /** Validity from now, in days (1–3650). */
  validDays: number;
}

export interface CertificateInfo {
  subject: { commonName: string | undefined; organization: string | undefined };
  issuer: { commonName: string | undefined; organization: string | undefined };
  /** Lowercase hex, as in the certificate. */
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 of the DER certificate, lowercase hex without separators. */
  fingerprintSha256: string;
  selfSigned: boolean;
}

const generateRsaKeyPair = promisify(generateKeyPair);
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const MAX_NAME_CHARS = 64; // X.520 ub-common-name / ub-organization-name

function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_NAME_CHARS) {
    throw invalidInput(`${what} must be 1–${MAX_NAME_CHARS} characters`);
  }
  return value;
}

/** forge types `valueTagClass` as asn1.Class, but it holds the value's universal tag (asn1.Type). */
const UTF8_STRING = forge.asn1.Type.UTF8 as number as forge.asn1.Class;

function distinguishedName(commonName: string, organization: string | undefined): forge.pki.CertificateField[] {
  const name: forge.pki.CertificateField[] = [{ name: 'commonName', value: commonName, valueTagClass: UTF8_STRING }];
  if (organization !== undefined) {
    name.push({ name: 'organizationName', value: organization, valueTagClass: UTF8_STRING });
  }
  return name;
}

/**
 * Creates a 2048-bit RSA key pair (native OpenSSL, off the event loop) and a self-signed
 * certificate built with node-forge. forge only assembles the TBSCertificate; the signature over it
 * is made by node:crypto (~2 ms) instead of forge's pure-JS RSA (~120–400 ms).
 */
export async function generateSigningIdentity(options: SigningIdentityOptions): Promise<SigningIdentity> {
  const commonName = checkName(options?.commonName, 'commonName');
  const organization = options.organization === undefined ? undefined : checkName(options.organization, 'organization');
  const { validDays } = options;
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 3650)
    throw invalidInput('validDays must be an integer in 1–3650');

  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', {
    modulusLength: MIN_RSA_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive, 16 significant bytes
  cert.serialNumber = serial.toString('hex');
  const notBefore = new Date();
  notBefore.setUTCMilliseconds(0);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + validDays * 86_400_000);
  const name = distinguishedName(commonName, organization);
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.signatureOid = SHA256_WITH_RSA;
  cert.siginfo.algorithmOid = SHA256_WITH_RSA;
  cert.tbsCertificate = forge.pki.getTBSCertificate(cert);
  const tbsDer = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbsDer, rsaPrivateKey(privateKey)).toString('binary');

  return { privateKeyPem: privateKey, publicKeyPem: publicKey, certificatePem: forge.pki.certificateToPem(cert) };
}

/** A name attribute as text: forge returns the raw encoded bytes as a binary string. */
function field(name: forge.pki.Certificate['subject'], shortName: string): string | undefined {
  const attribute = name.getField(shortName) as { value?: unknown; valueTagClass?: number } | null;
  const raw = attribute?.value;
  if (typeof raw !== 'string') return undefined;
  const bytes = Buffer.from(raw, 'binary');
  switch (attribute?.valueTagClass) {
    case forge.asn1.Type.UTF8:
      return new TextDecoder('utf-8').decode(bytes);
    case forge.asn1.Type.BMPSTRING:
      return bytes.swap16().toString('utf16le');
    default:
      return bytes.toString('latin1');
  }
}

/** Subject, issuer, serial, validity and SHA-256 fingerprint of an RSA certificate PEM. */
export function certificateInfo(certificatePem: string): CertificateInfo {
  if (
    typeof certificatePem !== 'string' ||
    !certificatePem.includes('-----BEGIN CERTIFICATE-----') ||
    certificatePem.length > 64 * 1024
  ) {
    throw Errors.invalidKey('not a certificate PEM');
  }
  let x509: X509Certificate;
  let cert: forge.pki.Certificate;
  try {
    x509 = new X509Certificate(certificatePem);
    cert = forge.pki.certificateFromPem(certificatePem);
  } catch {
    throw Errors.invalidKey('the certificate could not be read (only RSA X.509 certificates are supported)');
  }
  return {
    subject: { commonName: field(cert.subject, 'CN'), organization: field(cert.subject, 'O') },
    issuer: { commonName: field(cert.issuer, 'CN'), organization: field(cert.issuer, 'O') },
    serialNumber: cert.serialNumber.toLowerCase(),
    validFrom: cert.validity.notBefore.toISOString(),
    validTo: cert.validity.notAfter.toISOString(),
    fingerprintSha256: x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
  };
}
