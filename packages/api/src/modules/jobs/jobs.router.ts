import { Job, JobGetInput } from '@lucent/shared';
import { protectedProcedure, router } from '../../trpc/trpc.js';

export const jobsRouter = router({
  get: protectedProcedure('studies:upload')
    .input(JobGetInput)
    .output(Job)
    .query(({ ctx, input }) => ctx.services.jobs.get(input.id)),
});
