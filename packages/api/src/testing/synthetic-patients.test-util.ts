import { demoPatient } from '@lucent/engine';

/** A patient the tests or the demo generator make up (never a real one; each value is scanned for in the run's logs). */
export interface SyntheticPatient {
  patientName?: string;
  patientId?: string;
  birthDate?: string;
}

/**
 * Every synthetic patient of the tests, in one place: the API tests take their fixtures' patients
 * from here, so the end-of-run log scan (phi-log-scan/) looks for each of them in the logs. Add a
 * new fixture patient here and use it from here. The corpus's own patients (../shared/dicom) are
 * read from the files.
 */
export const syntheticPatients = {
  /** The demo generator's phantom (`pnpm demo`, demo/load-demo.test.ts). */
  demo: { patientName: demoPatient.PatientName, patientId: demoPatient.PatientID },
  /** A JPEG uploaded with `?patientId=` becomes a new study of this patient (ingest-form.test.ts). */
  imageUpload: { patientId: 'LUCENT-TEST-7' },
  /** Secondary captures uploaded in parallel (ingest-concurrency.test.ts). */
  parallelUpload: { patientId: 'LUCENT-PARALLEL-1' },
  /** A row stored before PHI encryption, encrypted by the start-up backfill (phi-at-rest.test.ts). */
  legacyRow: { patientName: 'Legacy^Patient', patientId: 'LEGACY-0006', birthDate: '19500101' },
  /** Marker text in at-rest encryption tests (encrypted-blob-store.test.ts). */
  blobMarker: { patientName: 'DOE^JANE' },
  /*
   * The engine's own tests (which start no API) write and parse these; listed so that a future API
   * test reusing one is covered: dicom-write, character sets, secondary capture, blind index.
   */
  partTenWriter: { patientName: 'TEST^WRITER' },
  nonAsciiWriter: { patientName: 'Müller^Zoë' },
  parserFixture: { patientName: 'Doe^John' },
  badInputFixture: { patientName: 'Secret^Patient' },
  secondaryCapture: { patientName: 'SC^TEST', patientId: 'SC-1' },
  blindIndexFixture: { patientName: 'Smith^John' },
  latinOne: { patientName: 'Buc^Jérôme' },
  chinese: { patientName: 'Wang^XiaoDong=王^小東' },
  japanese: { patientName: 'Yamada^Tarou=山田^太郎' },
  korean: { patientName: 'Hong^Gildong=洪^吉洞=홍^길동' },
} as const satisfies Record<string, SyntheticPatient>;
