import { DicomUid, InstanceDetail, StudyDetail, StudySearchInput, StudySearchResult } from '@lucent/shared';
import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/trpc.js';

export const studiesRouter = router({
  search: protectedProcedure('studies:read')
    .input(StudySearchInput)
    .output(StudySearchResult)
    .query(({ ctx, input }) => ctx.services.studies.search(input)),
  get: protectedProcedure('studies:read')
    .input(z.object({ studyInstanceUid: DicomUid }))
    .output(StudyDetail)
    .query(({ ctx, input }) => ctx.services.studies.get(input.studyInstanceUid)),
});

export const instancesRouter = router({
  get: protectedProcedure('studies:read')
    .input(z.object({ sopInstanceUid: DicomUid }))
    .output(InstanceDetail)
    .query(({ ctx, input }) => ctx.services.studies.instance(input.sopInstanceUid)),
});
