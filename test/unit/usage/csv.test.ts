import { describe, expect, it } from 'vitest';
import { plainNumber, toCsv } from '../../../src/main/services/usage/csv';
import { USAGE_CSV_COLUMNS } from '../../../src/shared/usage';
import { rec } from './records';

describe('CSV export (RFC 4180)', () => {
  it('writes a header and CRLF-terminated rows in column order', () => {
    const csv = toCsv(
      [
        { model: 'sandbox/echo', calls: 3, credits: 0.00003 },
        { model: 'sandbox/prose', calls: 0, credits: 0 },
      ],
      [
        { key: 'model', header: 'Model' },
        { key: 'calls', header: 'Calls' },
        { key: 'credits', header: 'Credits' },
      ],
    );
    expect(csv).toBe('Model,Calls,Credits\r\nsandbox/echo,3,0.00003\r\nsandbox/prose,0,0\r\n');
  });

  it('quotes fields with commas, quotes, CR or LF, and doubles quotes', () => {
    const csv = toCsv(
      [{ a: 'x,y', b: 'say "hi"', c: 'line1\nline2', d: 'cr\rhere', e: 'plain' }],
      ['a', 'b', 'c', 'd', 'e'].map((k) => ({ key: k, header: k })),
    );
    expect(csv.split('\r\n')[1]).toBe('"x,y","say ""hi""","line1\nline2","cr\rhere",plain');
  });

  it('quotes headers too, and writes null, undefined and non-finite numbers as empty fields', () => {
    const csv = toCsv(
      [{ a: null, b: undefined, c: Number.NaN, d: true }],
      [
        { key: 'a', header: 'Avg, ms' },
        { key: 'b', header: 'B' },
        { key: 'c', header: 'C' },
        { key: 'd', header: 'D' },
      ],
    );
    expect(csv).toBe('"Avg, ms",B,C,D\r\n,,,true\r\n');
  });

  it('never writes exponent notation for tiny or huge credits', () => {
    expect(plainNumber(2e-7)).toBe('0.0000002');
    expect(plainNumber(1.2345e-9)).toBe('0.0000000012345');
    expect(plainNumber(-3e-7)).toBe('-0.0000003');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(0.5)).toBe('0.5');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = toCsv(
      [{ a: '=HYPERLINK("x")', b: '+1', c: '@cmd', d: -5 }],
      ['a', 'b', 'c', 'd'].map((k) => ({ key: k, header: k })),
    );
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",'+1,'@cmd,-5`);
  });

  it('writes objects as JSON', () => {
    expect(toCsv([{ types: ['chat', 'image'] }], [{ key: 'types', header: 'Types' }])).toBe('Types\r\n"[""chat"",""image""]"\r\n');
  });

  it('exports call records with the ready-made columns, times as ISO 8601', () => {
    const csv = toCsv(
      [rec('2025-01-15T10:00:00Z', { id: 'a', errorReason: 'upstream said "no", then closed', status: 'failed' })],
      USAGE_CSV_COLUMNS.calls,
    );
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      'Time,Model,Type,Status,Input tokens,Output tokens,Credits,Duration (ms),Time to first byte (ms),Access key id / app DID,App,Error,Request id',
    );
    expect(row).toBe(
      '2025-01-15T10:00:00.000Z,sandbox/echo,chatCompletion,failed,10,5,0.0001,1000,100,zKeyA,,"upstream said ""no"", then closed",',
    );
  });
});
