import { auditRouter } from '../modules/audit/audit.router.js';
import { authRouter, sessionsRouter } from '../modules/auth/auth.router.js';
import { jobsRouter } from '../modules/jobs/jobs.router.js';
import { keysRouter } from '../modules/keys/keys.router.js';
import { instancesRouter, studiesRouter } from '../modules/studies/studies.router.js';
import { usersRouter } from '../modules/users/users.router.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  sessions: sessionsRouter,
  studies: studiesRouter,
  instances: instancesRouter,
  jobs: jobsRouter,
  audit: auditRouter,
  keys: keysRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
