import type { RenderedImage } from '../render/encode-image.js';
import { blindIndex } from '../tasks/blind-index.js';
import { chainHash } from '../tasks/chain-hash.js';
import { decode } from '../tasks/decode.js';
import { decodeParts } from '../tasks/decode-parts.js';
import { decodeSummary } from '../tasks/decode-summary.js';
import { decryptField } from '../tasks/decrypt-field.js';
import { decryptFieldText } from '../tasks/decrypt-field-text.js';
import { dicomJson } from '../tasks/dicom-json.js';
import { encryptField } from '../tasks/encrypt-field.js';
import { generateSigningIdentity } from '../tasks/generate-signing-identity.js';
import { hashPassword } from '../tasks/hash-password.js';
import { info } from '../tasks/info.js';
import { ping } from '../tasks/ping.js';
import { prefixIndexes } from '../tasks/prefix-indexes.js';
import { render } from '../tasks/render.js';
import { renderCopy } from '../tasks/render-copy.js';
import { renderDecoded } from '../tasks/render-decoded.js';
import { renderParts } from '../tasks/render-parts.js';
import { rotateField } from '../tasks/rotate-field.js';
import { signDocument } from '../tasks/sign-document.js';
import { verifyChain } from '../tasks/verify-chain.js';
import { verifyDocument } from '../tasks/verify-document.js';
import { verifyPassword } from '../tasks/verify-password.js';
import { TaskName } from './task-names.js';
import type { TaskHandlers, TaskTypes } from './task-types.js';
import { moveWith, transferableView } from './transfer.js';

/**
 * An encoded image's bytes to move to the caller: encodeImage gives them a buffer of their own, so
 * this is the same view (a tight copy only if something else did not).
 */
const imageBytes = (image: RenderedImage) => transferableView(image.data) as Uint8Array<ArrayBuffer>;

/** The production dispatch table: results that carry pixel or byte buffers are moved, not cloned. */
export const taskHandlers: TaskHandlers<TaskTypes> = {
  [TaskName.info]: info,
  [TaskName.dicomJson]: dicomJson,
  [TaskName.decode]: async (input) => {
    const frame = await decode(input);
    const pixels = transferableView(frame.pixels);
    return moveWith({ ...frame, pixels }, [pixels.buffer as ArrayBuffer]);
  },
  [TaskName.decodeSummary]: decodeSummary,
  [TaskName.render]: async (input) => {
    const image = await render(input);
    const data = imageBytes(image);
    return moveWith({ ...image, data }, [data.buffer]);
  },
  [TaskName.decodeParts]: async (input) => {
    const decoded = await decodeParts(input);
    const pixels = transferableView(decoded.frame.pixels);
    return moveWith({ ...decoded, frame: { ...decoded.frame, pixels } }, [pixels.buffer as ArrayBuffer]);
  },
  [TaskName.renderParts]: async (input) => {
    const { image, decoded } = await renderParts(input);
    const data = imageBytes(image);
    if (decoded === undefined) return moveWith({ image: { ...image, data } }, [data.buffer]);
    const pixels = transferableView(decoded.frame.pixels);
    return moveWith({ image: { ...image, data }, decoded: { ...decoded, frame: { ...decoded.frame, pixels } } }, [
      data.buffer,
      pixels.buffer as ArrayBuffer,
    ]);
  },
  [TaskName.renderDecoded]: async (input) => {
    const image = await renderDecoded(input);
    const data = imageBytes(image);
    return moveWith({ ...image, data }, [data.buffer]);
  },
  [TaskName.renderCopy]: async (input) => {
    const image = await renderCopy(input);
    if (image === undefined) return undefined;
    const data = imageBytes(image);
    return moveWith({ ...image, data }, [data.buffer]);
  },
  [TaskName.encryptField]: encryptField,
  [TaskName.decryptField]: async (input) => {
    const bytes = transferableView(await decryptField(input));
    return moveWith(bytes, [bytes.buffer as ArrayBuffer]);
  },
  [TaskName.decryptFieldText]: decryptFieldText,
  [TaskName.rotateField]: rotateField,
  [TaskName.blindIndex]: blindIndex,
  [TaskName.prefixIndexes]: prefixIndexes,
  [TaskName.hashPassword]: hashPassword,
  [TaskName.verifyPassword]: verifyPassword,
  [TaskName.signDocument]: signDocument,
  [TaskName.verifyDocument]: verifyDocument,
  [TaskName.generateSigningIdentity]: generateSigningIdentity,
  [TaskName.chainHash]: chainHash,
  [TaskName.verifyChain]: verifyChain,
  [TaskName.ping]: ping,
};
