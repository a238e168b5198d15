import { DicomUid, InstanceDetail, StudyDetail, StudySearchInput, StudySearchResult } from '@lucent/shared';
import { z } from 'zod';
import { facilityScopeOf } from '../../security/auth-context.js';
import { maskInstanceDetail, maskStudyDetail, maskStudySummary, mayReadPhi } from '../../security/phi/phi-mask.js';
import { protectedProcedure, router } from '../../trpc/trpc.js';

export const studiesRouter = router({
  search: protectedProcedure('studies:read')
    .input(StudySearchInput)
    .output(StudySearchResult)
    .query(async ({ ctx, input }) => {
      const result = await ctx.services.studies.search(input, facilityScopeOf(ctx.auth));
      return mayReadPhi(ctx.auth) ? result : { ...result, items: result.items.map(maskStudySummary) };
    }),
  get: protectedProcedure('studies:read')
    .input(z.object({ studyInstanceUid: DicomUid }))
    .output(StudyDetail)
    .query(async ({ ctx, input }) => {
      const study = await ctx.services.studies.get(input.studyInstanceUid, facilityScopeOf(ctx.auth));
      return mayReadPhi(ctx.auth) ? study : maskStudyDetail(study);
    }),
});

export const instancesRouter = router({
  get: protectedProcedure('studies:read')
    .input(z.object({ sopInstanceUid: DicomUid }))
    .output(InstanceDetail)
    .query(async ({ ctx, input }) => {
      const instance = await ctx.services.studies.instance(input.sopInstanceUid, facilityScopeOf(ctx.auth));
      return mayReadPhi(ctx.auth) ? instance : maskInstanceDetail(instance);
    }),
});
