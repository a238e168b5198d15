import { DicomUid, InstanceDetail, StudyDetail, StudySearchInput, StudySearchResult } from '@lucent/shared';
import { z } from 'zod';
import { maskInstanceDetail, maskStudyDetail, maskStudySummary, mayReadPhi } from '../../security/phi/phi-mask.js';
import { publicProcedure, router } from '../../trpc/trpc.js';

export const studiesRouter = router({
  search: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(StudySearchInput)
    .output(StudySearchResult)
    .query(async ({ ctx, input }) => {
      const result = await ctx.services.studies.search(input);
      return mayReadPhi(ctx.auth) ? result : { ...result, items: result.items.map(maskStudySummary) };
    }),
  get: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(z.object({ studyInstanceUid: DicomUid }))
    .output(StudyDetail)
    .query(async ({ ctx, input }) => {
      const study = await ctx.services.studies.get(input.studyInstanceUid);
      return mayReadPhi(ctx.auth) ? study : maskStudyDetail(study);
    }),
});

export const instancesRouter = router({
  get: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(z.object({ sopInstanceUid: DicomUid }))
    .output(InstanceDetail)
    .query(async ({ ctx, input }) => {
      const instance = await ctx.services.studies.instance(input.sopInstanceUid);
      return mayReadPhi(ctx.auth) ? instance : maskInstanceDetail(instance);
    }),
});
