import { Job, JobGetInput } from '@lucent/shared';
import { publicProcedure, router } from '../../trpc/trpc.js';

export const jobsRouter = router({
  get: publicProcedure
    .input(JobGetInput)
    .output(Job)
    .query(({ ctx, input }) => ctx.services.jobs.get(input.id)),
});
