import type { DicomMetadata } from '@lucent/shared';
import type { ChainVerification, DocumentSignature, SigningIdentity, SigningIdentityOptions } from '../crypto/index.js';
import type { DicomJsonDataset } from '../dicom/dicom-json-model.js';
import type { DecodedFrame } from '../image/decoded-frame.js';
import type { RenderedImage } from '../render/render-frame.js';
import type { BlindIndexInput } from '../tasks/blind-index.js';
import type { ChainHashInput } from '../tasks/chain-hash.js';
import type { CrashWorkerInput } from '../tasks/crash-worker.js';
import type { DecodeInput } from '../tasks/decode.js';
import type { DecodePartsInput } from '../tasks/decode-parts.js';
import type { DecodeSummaryInput, FrameSummary } from '../tasks/decode-summary.js';
import type { DecryptFieldInput } from '../tasks/decrypt-field.js';
import type { DicomJsonInput } from '../tasks/dicom-json.js';
import type { EncryptFieldInput } from '../tasks/encrypt-field.js';
import type { DecodedFrameWithAttributes } from '../tasks/frame-parts.js';
import type { HangInput } from '../tasks/hang.js';
import type { HashPasswordInput } from '../tasks/hash-password.js';
import type { InfoInput } from '../tasks/info.js';
import type { PrefixIndexesInput } from '../tasks/prefix-indexes.js';
import type { RenderInput } from '../tasks/render.js';
import type { RenderCopyInput } from '../tasks/render-copy.js';
import type { RenderDecodedInput } from '../tasks/render-decoded.js';
import type { PartsRendering, RenderPartsInput } from '../tasks/render-parts.js';
import type { ResolveModuleInput } from '../tasks/resolve-module.js';
import type { SignDocumentInput } from '../tasks/sign-document.js';
import type { VerifyChainInput } from '../tasks/verify-chain.js';
import type { VerifyDocumentInput } from '../tasks/verify-document.js';
import type { VerifyPasswordInput } from '../tasks/verify-password.js';
import type { TaskName, TestTaskName } from './task-names.js';

/** Input and output of each production task. */
export interface TaskTypes {
  [TaskName.info]: { input: InfoInput; output: DicomMetadata };
  [TaskName.dicomJson]: { input: DicomJsonInput; output: DicomJsonDataset };
  [TaskName.decode]: { input: DecodeInput; output: DecodedFrame };
  [TaskName.decodeSummary]: { input: DecodeSummaryInput; output: FrameSummary };
  [TaskName.render]: { input: RenderInput; output: RenderedImage };
  [TaskName.decodeParts]: { input: DecodePartsInput; output: DecodedFrameWithAttributes };
  [TaskName.renderParts]: { input: RenderPartsInput; output: PartsRendering };
  [TaskName.renderDecoded]: { input: RenderDecodedInput; output: RenderedImage };
  [TaskName.renderCopy]: { input: RenderCopyInput; output: RenderedImage | undefined };
  [TaskName.encryptField]: { input: EncryptFieldInput; output: string };
  [TaskName.decryptField]: { input: DecryptFieldInput; output: Uint8Array };
  [TaskName.decryptFieldText]: { input: DecryptFieldInput; output: string };
  [TaskName.rotateField]: { input: DecryptFieldInput; output: string };
  [TaskName.blindIndex]: { input: BlindIndexInput; output: string };
  [TaskName.prefixIndexes]: { input: PrefixIndexesInput; output: string[] };
  [TaskName.hashPassword]: { input: HashPasswordInput; output: string };
  [TaskName.verifyPassword]: { input: VerifyPasswordInput; output: boolean };
  [TaskName.signDocument]: { input: SignDocumentInput; output: DocumentSignature };
  [TaskName.verifyDocument]: { input: VerifyDocumentInput; output: boolean };
  [TaskName.generateSigningIdentity]: { input: SigningIdentityOptions; output: SigningIdentity };
  [TaskName.chainHash]: { input: ChainHashInput; output: string };
  [TaskName.verifyChain]: { input: VerifyChainInput; output: ChainVerification };
  [TaskName.ping]: { input: undefined; output: 'pong' };
}

/** Input and output of each test-only task. */
export interface TestTaskTypes {
  [TestTaskName.crashWorker]: { input: CrashWorkerInput; output: never };
  [TestTaskName.hang]: { input: HangInput; output: 'done' };
  [TestTaskName.resolveModule]: { input: ResolveModuleInput; output: string };
}

export type AnyTaskTypes = TaskTypes & TestTaskTypes;
export type AnyTaskName = keyof AnyTaskTypes;

/** What the main thread posts to a worker. */
export interface TaskRequest<K extends AnyTaskName = AnyTaskName> {
  task: K;
  input: AnyTaskTypes[K]['input'];
}

/** A worker-side handler per task; results that carry buffers are wrapped for transfer. */
export type TaskHandlers<T> = {
  [K in keyof T]: (input: T[K] extends { input: infer I } ? I : never) => Promise<unknown>;
};
