import type { WindowSpec } from '@lucent/shared';
import { decodeFrame } from '../../../packages/engine/src/decode/decode-frame.js';
import { parseDicom } from '../../../packages/engine/src/dicom/parse-dicom.js';
import { renderFrame } from '../../../packages/engine/src/render/render-frame.js';
import { type BenchCase, emptyOutcome } from '../bench-case.js';
import { readCorpusFile } from '../corpus.js';
import { measure, perSecond } from '../measure.js';

/** One 512×512 16-bit CT slice, uncompressed. */
export const ctFile = 'CT1_UNC.explicit_little_endian.dcm';
const softTissue: WindowSpec = { center: 40, width: 400, function: 'LINEAR' };

/**
 * Render throughput per thread on a 512×512 CT slice (parsed once): decode + windowed full-size
 * JPEG, decode + 128-px JPEG thumbnail, and render alone from an already decoded frame.
 */
export const renderCtCase: BenchCase = {
  id: 'render-ct',
  title: 'Render 512×512 CT to JPEG',
  async run(context) {
    const outcome = emptyOutcome();
    const parsed = parseDicom(await readCorpusFile(context.corpusDirectory, ctFile));
    const attributes = parsed.renderingAttributes(0);
    const decoded = await decodeFrame(parsed, 0);
    const full = { window: softTissue, format: 'jpeg', quality: 90 } as const;
    const thumbnail = { ...full, width: 128, height: 128 } as const;

    const fullMeasurement = await measure(
      async () => renderFrame(await decodeFrame(parsed, 0), attributes, full),
      context.profile,
    );
    const thumbnailMeasurement = await measure(
      async () => renderFrame(await decodeFrame(parsed, 0), attributes, thumbnail),
      context.profile,
    );
    const renderOnly = await measure(() => renderFrame(decoded, attributes, full), context.profile);

    const group = 'render CT 512²';
    const fps = perSecond(fullMeasurement);
    outcome.rows.push(
      { group, name: 'decode + windowed JPEG, full size', unit: 'frames/s', value: fps, measurement: fullMeasurement },
      {
        group,
        name: 'decode + 128-px JPEG thumbnail',
        unit: 'frames/s',
        value: perSecond(thumbnailMeasurement),
        measurement: thumbnailMeasurement,
      },
      {
        group,
        name: 'render only, full size',
        unit: 'frames/s',
        value: perSecond(renderOnly),
        measurement: renderOnly,
      },
    );
    outcome.observations['ct-render-fps'] = { value: fps, note: `${ctFile}, decode + render, one thread` };
    return outcome;
  },
};
