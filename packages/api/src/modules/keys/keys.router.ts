import { protectedProcedure, router } from '../../trpc/trpc.js';

/** Master data key rotation (system administrators): start it, and watch it and each key's use. */
export const keysRouter = router({
  rotate: protectedProcedure('system:manage').mutation(({ ctx }) => ctx.services.keyRotation.rotate()),
  status: protectedProcedure('system:manage').query(({ ctx }) => ctx.services.keyRotation.status()),
});
