import { authRouter, sessionsRouter } from '../modules/auth/auth.router.js';
import { jobsRouter } from '../modules/jobs/jobs.router.js';
import { instancesRouter, studiesRouter } from '../modules/studies/studies.router.js';
import { usersRouter } from '../modules/users/users.router.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  sessions: sessionsRouter,
  studies: studiesRouter,
  instances: instancesRouter,
  jobs: jobsRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
