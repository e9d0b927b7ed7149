import { describe, expect, it } from 'vitest';

import { filenameFromDisposition, safeFileName } from './download';

describe('filenameFromDisposition', () => {
  it('reads the forms the server sends', () => {
    expect(filenameFromDisposition('attachment; filename=fw.log')).toBe('fw.log');
    expect(filenameFromDisposition('attachment; filename="semi;colon.txt"')).toBe('semi;colon.txt');
    expect(filenameFromDisposition("attachment; filename*=utf-8''R%C3%A9sum%C3%A9%202026.pdf")).toBe('Résumé 2026.pdf');
  });

  it('prefers the encoded name and copes with none', () => {
    expect(filenameFromDisposition(`attachment; filename="a.txt"; filename*=UTF-8''%C3%A4.txt`)).toBe('ä.txt');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('safeFileName', () => {
  it('drops folders and never returns an empty name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\evidence\\disk.img')).toBe('disk.img');
    expect(safeFileName('..')).toBe('evidence.bin');
    expect(safeFileName(null)).toBe('evidence.bin');
  });
});
