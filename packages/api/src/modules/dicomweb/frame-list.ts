import { AppError } from '@lucent/shared';

/** `1,3,5` → [1, 3, 5] (one-based, as in the URL); 400 FRAME_OUT_OF_RANGE past the instance's frames. */
export function parseFrameList(text: string | undefined, numberOfFrames: number): number[] {
  const parts = (text ?? '').split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.length > 4096 || parts.some((part) => !/^\d{1,9}$/.test(part))) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The frame list must be one-based frame numbers separated by commas',
      details: { parameter: 'frames' },
    });
  }
  const frames = parts.map(Number);
  for (const frame of frames) {
    if (frame < 1 || frame > numberOfFrames) {
      throw new AppError('FRAME_OUT_OF_RANGE', {
        message: `Frame ${frame} does not exist (the instance has ${numberOfFrames})`,
        details: { frame, frames: numberOfFrames },
      });
    }
  }
  return frames;
}
