import { Job, JobGetInput } from '@lucent/shared';
import { facilityScopeOf } from '../../security/auth-context.js';
import { protectedProcedure, router } from '../../trpc/trpc.js';

export const jobsRouter = router({
  get: protectedProcedure('studies:upload')
    .input(JobGetInput)
    .output(Job)
    .query(({ ctx, input }) => ctx.services.jobs.get(input.id, facilityScopeOf(ctx.auth))),
});
