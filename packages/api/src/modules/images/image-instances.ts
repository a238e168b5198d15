import { AppError, type FrameLocation } from '@lucent/shared';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../../db/open-database.js';
import { firstPrepared } from '../../db/prepared-query.js';

/** What the image routes need to know about a stored instance (one indexed row, no metadata JSON). */
export interface ImageInstance {
  sopInstanceUid: string;
  /** The owning study's facility: the image routes check the caller's scope against it. */
  facilityId: string;
  sha256: string;
  storageKey: string;
  fileSize: number;
  transferSyntaxUid: string;
  rows: number | null;
  columns: number | null;
  bitsAllocated: number | null;
  bitsStored: number | null;
  pixelRepresentation: number | null;
  samplesPerPixel: number | null;
  photometricInterpretation: string | null;
  planarConfiguration: number | null;
  frames: FrameLocation[];
  pixelOffsetBase: string | null;
}

interface Row {
  sop_instance_uid: string;
  facility_id: string;
  sha256: string;
  storage_key: string;
  file_size: string | number;
  transfer_syntax_uid: string;
  rows: number | null;
  columns: number | null;
  bits_allocated: number | null;
  bits_stored: number | null;
  pixel_representation: number | null;
  samples_per_pixel: number | null;
  photometric_interpretation: string | null;
  planar_configuration: string | null;
  frames: FrameLocation[];
  pixel_offset_base: string | null;
}

export interface ImageInstances {
  /** The instance, or 404 NOT_FOUND. Rows are kept in process for `ttlMs` (forget() on change). */
  get(sopInstanceUid: string): Promise<ImageInstance>;
  forget(sopInstanceUid: string): void;
}

/**
 * Instance rows for the image routes, with a short-lived in-process cache (bounded by count) so a
 * warm image request costs no database round trip. An overwrite on this process forgets the row at
 * once; another API process sees it after at most `ttlMs`.
 */
export function createImageInstances(db: Database, options: { ttlMs: number; maxEntries: number }): ImageInstances {
  const cached = new Map<string, { instance: ImageInstance; until: number }>();
  const knex: Knex = db.knex;

  async function load(sopInstanceUid: string): Promise<ImageInstance> {
    const k = knex;
    const row = await firstPrepared<Row>(
      k,
      k('instance as i')
        .join('study as s', 's.id', 'i.study_id')
        .select(
          'sop_instance_uid',
          's.facility_id',
          'sha256',
          'storage_key',
          'file_size',
          'transfer_syntax_uid',
          'i.rows',
          'i.columns',
          'bits_allocated',
          'bits_stored',
          'pixel_representation',
          'samples_per_pixel',
          'photometric_interpretation',
          'frames',
          'pixel_offset_base',
          k.raw(`metadata->'image'->>'planarConfiguration' as planar_configuration`),
        )
        .where('i.sop_instance_uid', sopInstanceUid),
    );
    if (row === undefined) throw new AppError('NOT_FOUND', { message: 'Instance not found' });
    return {
      sopInstanceUid: row.sop_instance_uid,
      facilityId: row.facility_id,
      sha256: row.sha256,
      storageKey: row.storage_key,
      fileSize: Number(row.file_size),
      transferSyntaxUid: row.transfer_syntax_uid,
      rows: row.rows,
      columns: row.columns,
      bitsAllocated: row.bits_allocated,
      bitsStored: row.bits_stored,
      pixelRepresentation: row.pixel_representation,
      samplesPerPixel: row.samples_per_pixel,
      photometricInterpretation: row.photometric_interpretation,
      planarConfiguration: row.planar_configuration === null ? null : Number(row.planar_configuration),
      frames: row.frames,
      pixelOffsetBase: row.pixel_offset_base,
    };
  }

  return {
    async get(sopInstanceUid) {
      const now = Date.now();
      const hit = cached.get(sopInstanceUid);
      if (hit !== undefined && hit.until > now) return hit.instance;
      const instance = await load(sopInstanceUid);
      cached.delete(sopInstanceUid);
      cached.set(sopInstanceUid, { instance, until: now + options.ttlMs });
      if (cached.size > options.maxEntries) {
        const oldest = cached.keys().next().value;
        if (oldest !== undefined) cached.delete(oldest);
      }
      return instance;
    },
    forget(sopInstanceUid) {
      cached.delete(sopInstanceUid);
    },
  };
}

/** Pixel data to serve? No → 422 NO_PIXEL_DATA. Frame (zero-based) exists? No → 400 FRAME_OUT_OF_RANGE. */
export function checkFrame(instance: ImageInstance, frame: number): FrameLocation {
  if (instance.frames.length === 0 || instance.rows === null) throw new AppError('NO_PIXEL_DATA');
  const location = instance.frames[frame];
  if (location === undefined) {
    throw new AppError('FRAME_OUT_OF_RANGE', {
      message: `Frame ${frame + 1} does not exist (the instance has ${instance.frames.length})`,
      details: { frame: frame + 1, frames: instance.frames.length },
    });
  }
  return location;
}
