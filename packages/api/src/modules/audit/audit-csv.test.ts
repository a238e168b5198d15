import type { AuditEntry } from '@lucent/shared';
import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvLine } from './audit-csv.js';

describe('audit CSV', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(null)).toBe('');
  });

  it('neutralizes cells a spreadsheet would evaluate as formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes details as JSON and one CRLF-terminated line per entry', () => {
    const entry: AuditEntry = {
      id: '7',
      occurredAt: '2026-01-02T03:04:05.006Z',
      userId: null,
      username: 'a@b.example',
      facilityId: null,
      action: 'study.read',
      resourceType: 'study',
      resourceId: '1.2.3',
      outcome: 'success',
      ip: '10.0.0.1',
      userAgent: 'Mozilla/5.0 (X11; Linux), "quoted"',
      requestId: 'r',
      details: { via: 'trpc', n: [1, 2] },
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    };
    expect(csvHeader()).toBe(
      'id,occurredAt,userId,username,facilityId,action,resourceType,resourceId,outcome,ip,userAgent,requestId,details,prevHash,hash\r\n',
    );
    expect(csvLine(entry)).toBe(
      `7,2026-01-02T03:04:05.006Z,,a@b.example,,study.read,study,1.2.3,success,10.0.0.1,"Mozilla/5.0 (X11; Linux), ""quoted""",r,"{""via"":""trpc"",""n"":[1,2]}",${'0'.repeat(64)},${'f'.repeat(64)}\r\n`,
    );
  });
});
