import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOfSync } from '../errors/error-code-of.test-util.js';
import { canonicalJson } from './canonical-json.js';
import {
  assertDocumentSignature,
  type DocumentSignature,
  documentHash,
  signDocument,
  verifyDocument,
} from './document-signature.js';
import { certificateInfo, generateSigningIdentity, type SigningIdentity } from './signing-identity.js';

const report = {
  reportId: 'r-1',
  findings: 'No acute abnormality. Größe normal.',
  measurements: [{ label: 'lesion', mm: 12.5 }],
  signedAt: '2024-03-01T10:00:00Z',
};

let identity: SigningIdentity;
let otherPublicKeyPem: string;

beforeAll(async () => {
  identity = await generateSigningIdentity({
    commonName: 'Dr. Radiologist',
    organization: 'Lucent Clinic',
    validDays: 30,
  });
  otherPublicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
});

function forgeDigest(document: unknown): forge.md.MessageDigest {
  const md = forge.md.sha256.create();
  md.update(forge.util.encodeUtf8(canonicalJson(document)));
  return md;
}

describe('signDocument / verifyDocument', () => {
  it('signs the SHA-256 of the canonical JSON and verifies with the public key and the certificate', () => {
    const signature = signDocument(report, identity.privateKeyPem);
    expect(signature.algorithm).toBe('RSA-SHA256');
    expect(signature.documentHash).toBe(createHash('sha256').update(canonicalJson(report), 'utf8').digest('hex'));
    expect(signature.documentHash).toBe(documentHash(report));
    expect(Buffer.from(signature.signature, 'base64')).toHaveLength(256);
    expect(verifyDocument(report, signature, identity.publicKeyPem)).toBe(true);
    expect(verifyDocument(report, signature, identity.certificatePem)).toBe(true);
  });

  it('does not depend on member order (canonical JSON)', () => {
    const signature = signDocument(report, identity.privateKeyPem);
    const reordered = {
      signedAt: report.signedAt,
      measurements: report.measurements,
      findings: report.findings,
      reportId: 'r-1',
    };
    expect(verifyDocument(reordered, signature, identity.publicKeyPem)).toBe(true);
  });

  it('returns false for a changed document, the wrong key, or a tampered signature', () => {
    const signature = signDocument(report, identity.privateKeyPem);
    expect(verifyDocument({ ...report, findings: 'Mass.' }, signature, identity.publicKeyPem)).toBe(false);
    expect(verifyDocument(report, signature, otherPublicKeyPem)).toBe(false);
    const bytes = Buffer.from(signature.signature, 'base64');
    bytes[100] = (bytes[100] ?? 0) ^ 0x01;
    expect(verifyDocument(report, { ...signature, signature: bytes.toString('base64') }, identity.publicKeyPem)).toBe(
      false,
    );
    const otherHash = documentHash({ other: true });
    expect(verifyDocument(report, { ...signature, documentHash: otherHash }, identity.publicKeyPem)).toBe(false);
  });

  it('returns false for malformed signature objects', () => {
    const signature = signDocument(report, identity.privateKeyPem);
    const malformed: unknown[] = [
      null,
      {},
      { ...signature, algorithm: 'RSA-SHA1' },
      { ...signature, signature: 'not base64!' },
      { ...signature, signature: `${signature.signature.slice(0, -4)}` },
      { ...signature, documentHash: 'XYZ' },
    ];
    for (const bad of malformed) {
      expect(verifyDocument(report, bad as DocumentSignature, identity.publicKeyPem)).toBe(false);
    }
    expect(errorCodeOfSync(() => assertDocumentSignature(report, {} as DocumentSignature, identity.publicKeyPem))).toBe(
      'SIGNATURE_INVALID',
    );
    expect(() => assertDocumentSignature(report, signature, identity.certificatePem)).not.toThrow();
  });

  it('throws INVALID_KEY for malformed, weak, non-RSA or wrong-kind keys', () => {
    const signature = signDocument(report, identity.privateKeyPem);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = (
      key: { export: (o: { type: 'pkcs8' | 'spki'; format: 'pem' }) => string | Buffer },
      type: 'pkcs8' | 'spki',
    ) => key.export({ type, format: 'pem' }).toString();
    expect(errorCodeOfSync(() => signDocument(report, 'garbage'))).toBe('INVALID_KEY');
    expect(
      errorCodeOfSync(() => signDocument(report, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')),
    ).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => signDocument(report, pem(weak.privateKey, 'pkcs8')))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => signDocument(report, pem(ec.privateKey, 'pkcs8')))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => signDocument(report, identity.publicKeyPem))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => verifyDocument(report, signature, identity.privateKeyPem))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => verifyDocument(report, signature, pem(ec.publicKey, 'spki')))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => verifyDocument(report, signature, 42 as unknown as string))).toBe('INVALID_KEY');
  });

  it('refuses documents that are not JSON data', () => {
    expect(errorCodeOfSync(() => signDocument({ at: Number.NaN }, identity.privateKeyPem))).toBe('VALIDATION_FAILED');
  });
});

describe('interoperability with node-forge', () => {
  it('a node:crypto signature verifies with forge', () => {
    const signature = signDocument(report, identity.privateKeyPem);
    const publicKey = forge.pki.publicKeyFromPem(identity.publicKeyPem);
    const raw = forge.util.decode64(signature.signature);
    expect(publicKey.verify(forgeDigest(report).digest().bytes(), raw)).toBe(true);
    expect(
      publicKey.verify(
        forgeDigest({ ...report, reportId: 'r-2' })
          .digest()
          .bytes(),
        raw,
      ),
    ).toBe(false);
  });

  it('a forge signature verifies with node:crypto', () => {
    const privateKey = forge.pki.privateKeyFromPem(identity.privateKeyPem);
    const md = forgeDigest(report);
    const signature: DocumentSignature = {
      algorithm: 'RSA-SHA256',
      documentHash: md.digest().toHex(),
      signature: forge.util.encode64(privateKey.sign(md)),
    };
    expect(signature).toEqual(signDocument(report, identity.privateKeyPem)); // PKCS#1 v1.5 is deterministic
    expect(verifyDocument(report, signature, identity.certificatePem)).toBe(true);
  });
});

describe('generateSigningIdentity / certificateInfo', () => {
  it('makes a self-signed certificate for the key that node and forge both verify', () => {
    const x509 = new X509Certificate(identity.certificatePem);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(identity.privateKeyPem))).toBe(true);
    const cert = forge.pki.certificateFromPem(identity.certificatePem);
    expect(cert.verify(cert)).toBe(true);
    expect(cert.siginfo.algorithmOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
  });

  it('reports subject, serial, validity and fingerprint', () => {
    const info = certificateInfo(identity.certificatePem);
    expect(info.subject).toEqual({ commonName: 'Dr. Radiologist', organization: 'Lucent Clinic' });
    expect(info.issuer).toEqual(info.subject);
    expect(info.selfSigned).toBe(true);
    expect(info.serialNumber).toMatch(/^[0-7][0-9a-f]{31}$/);
    const days = (Date.parse(info.validTo) - Date.parse(info.validFrom)) / 86_400_000;
    expect(days).toBe(30);
    expect(Math.abs(Date.parse(info.validFrom) - Date.now())).toBeLessThan(3_600_000);
    const der = new X509Certificate(identity.certificatePem).raw;
    expect(info.fingerprintSha256).toBe(createHash('sha256').update(der).digest('hex'));
  });

  it('gives each identity a fresh key and serial, and encodes names as UTF-8', async () => {
    const other = await generateSigningIdentity({ commonName: 'Dr. Müller 山田', validDays: 1 });
    expect(other.privateKeyPem).not.toBe(identity.privateKeyPem);
    const info = certificateInfo(other.certificatePem);
    expect(info.serialNumber).not.toBe(certificateInfo(identity.certificatePem).serialNumber);
    expect(info.subject).toEqual({ commonName: 'Dr. Müller 山田', organization: undefined });
    expect(new X509Certificate(other.certificatePem).subject).toBe('CN=Dr. Müller 山田');
  });

  it('refuses bad options and malformed certificates with typed errors', async () => {
    for (const options of [
      { commonName: '', validDays: 1 },
      { commonName: 'x'.repeat(65), validDays: 1 },
      { commonName: 'x', validDays: 0 },
      { commonName: 'x', validDays: 1.5 },
      { commonName: 'x', organization: '', validDays: 1 },
    ]) {
      await expect(generateSigningIdentity(options)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(errorCodeOfSync(() => certificateInfo('nope'))).toBe('INVALID_KEY');
    expect(errorCodeOfSync(() => certificateInfo('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'))).toBe(
      'INVALID_KEY',
    );
    expect(errorCodeOfSync(() => certificateInfo(identity.publicKeyPem))).toBe('INVALID_KEY');
  });
});
