import type { MigrationObject } from '@mikro-orm/core';
import { Migration001Initial } from './migration-001-initial.js';

/** Every migration, in order. Listed explicitly so they run the same from src (tsx) and dist. */
export const migrationList: MigrationObject[] = [{ name: 'Migration001Initial', class: Migration001Initial }];
