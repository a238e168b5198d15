import { renderFrame } from '../../../packages/engine/src/render/render-frame.js';
import { type BenchCase, emptyOutcome } from '../bench-case.js';
import { measure, perSecond } from '../measure.js';

const thumbnailSize = 128;

/**
 * A 128-px JPEG thumbnail of a large J2K frame two ways: reduced-resolution decode (`fitWithin`)
 * + render, against full decode + render resized to 128. The speed-up is full ÷ thumbnail time.
 */
export const j2kThumbnailCase: BenchCase = {
  id: 'j2k-thumbnail',
  title: 'JPEG 2000 thumbnail: reduced-resolution decode vs full decode + resize',
  async run(context) {
    const outcome = emptyOutcome();
    const size = context.quick ? 512 : 2048;
    const encoded = await context.synthetic.encoded(size, 'j2k-lossless');
    const { codec } = encoded.variant;
    const { attributes } = encoded.frame;
    const render = { format: 'jpeg', quality: 90, width: thumbnailSize, height: thumbnailSize } as const;
    const fitWithin = { width: thumbnailSize, height: thumbnailSize };

    const reduced = await codec.decode(encoded.codestream, encoded.frameInfo, { fitWithin });
    const thumbnail = await measure(
      async () =>
        renderFrame(await codec.decode(encoded.codestream, encoded.frameInfo, { fitWithin }), attributes, render),
      context.profile,
    );
    const full = await measure(
      async () => renderFrame(await codec.decode(encoded.codestream, encoded.frameInfo), attributes, render),
      context.profile,
    );

    const group = `J2K thumbnail ${size}²`;
    const speedup = full.medianMs / thumbnail.medianMs;
    const level = reduced.reductionLevel ?? 0;
    outcome.rows.push(
      {
        group,
        name: `fitWithin ${thumbnailSize} decode + render`,
        unit: 'frames/s',
        value: perSecond(thumbnail),
        measurement: thumbnail,
        note: `decoded at ${reduced.info.columns}×${reduced.info.rows} (${level} levels skipped)`,
      },
      { group, name: 'full decode + render to 128', unit: 'frames/s', value: perSecond(full), measurement: full },
      {
        group,
        name: 'thumbnail speed-up',
        unit: '×',
        value: speedup,
        note: 'full decode + resize time ÷ reduced-resolution thumbnail time',
      },
    );
    outcome.observations['j2k-thumbnail-speedup'] = {
      value: speedup,
      note: `${encoded.variant.label} ${size}², ${level} levels skipped`,
    };
    return outcome;
  },
};
