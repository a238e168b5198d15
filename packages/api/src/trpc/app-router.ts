import { auditRouter } from '../modules/audit/audit.router.js';
import { jobsRouter } from '../modules/jobs/jobs.router.js';
import { instancesRouter, studiesRouter } from '../modules/studies/studies.router.js';
import { router } from './trpc.js';

export const appRouter = router({
  studies: studiesRouter,
  instances: instancesRouter,
  jobs: jobsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
