import { AuditSearchInput, AuditSearchResult, AuditVerifyResult } from '@lucent/shared';
import { facilityScopeOf } from '../../security/auth-context.js';
import { protectedProcedure, router } from '../../trpc/trpc.js';

export const auditRouter = router({
  /** Entries matching the filters; a facility_admin sees its facility's entries only. */
  search: protectedProcedure('audit:read')
    .input(AuditSearchInput)
    .output(AuditSearchResult)
    .query(({ ctx, input }) => ctx.services.audit.search(input, facilityScopeOf(ctx.auth))),
  /** Recompute the whole hash chain; names the first entry that does not match. */
  verify: protectedProcedure('audit:read')
    .output(AuditVerifyResult)
    .mutation(({ ctx }) => ctx.services.audit.verify()),
});
