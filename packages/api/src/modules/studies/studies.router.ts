import { DicomUid, InstanceDetail, StudyDetail, StudySearchInput, StudySearchResult } from '@lucent/shared';
import { z } from 'zod';
import { facilityScopeOf } from '../../security/auth-context.js';
import { protectedProcedure, router } from '../../trpc/trpc.js';

export const studiesRouter = router({
  search: protectedProcedure('studies:read')
    .input(StudySearchInput)
    .output(StudySearchResult)
    .query(({ ctx, input }) => ctx.services.studies.search(input, facilityScopeOf(ctx.auth))),
  get: protectedProcedure('studies:read')
    .input(z.object({ studyInstanceUid: DicomUid }))
    .output(StudyDetail)
    .query(({ ctx, input }) => ctx.services.studies.get(input.studyInstanceUid, facilityScopeOf(ctx.auth))),
});

export const instancesRouter = router({
  get: protectedProcedure('studies:read')
    .input(z.object({ sopInstanceUid: DicomUid }))
    .output(InstanceDetail)
    .query(({ ctx, input }) => ctx.services.studies.instance(input.sopInstanceUid, facilityScopeOf(ctx.auth))),
});
