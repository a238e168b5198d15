import { DicomUid, InstanceDetail, StudyDetail, StudySearchInput, StudySearchResult } from '@lucent/shared';
import { z } from 'zod';
import { publicProcedure, router } from '../../trpc/trpc.js';

export const studiesRouter = router({
  search: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(StudySearchInput)
    .output(StudySearchResult)
    .query(({ ctx, input }) => ctx.services.studies.search(input)),
  get: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(z.object({ studyInstanceUid: DicomUid }))
    .output(StudyDetail)
    .query(({ ctx, input }) => ctx.services.studies.get(input.studyInstanceUid)),
});

export const instancesRouter = router({
  get: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(z.object({ sopInstanceUid: DicomUid }))
    .output(InstanceDetail)
    .query(({ ctx, input }) => ctx.services.studies.instance(input.sopInstanceUid)),
});
