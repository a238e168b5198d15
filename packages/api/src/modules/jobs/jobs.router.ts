import { Job, JobGetInput } from '@lucent/shared';
import { publicProcedure, router } from '../../trpc/trpc.js';

export const jobsRouter = router({
  get: publicProcedure('not yet protected: issue 4 declares its permission')
    .input(JobGetInput)
    .output(Job)
    .query(({ ctx, input }) => ctx.services.jobs.get(input.id)),
});
