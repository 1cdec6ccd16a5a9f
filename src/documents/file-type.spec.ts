import { contentDisposition, documentFileName, sniffDocumentType } from './file-type';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('evidence file types are recognised by content', () => {
  it('knows PDF, PNG and JPEG by their first bytes', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n...'))?.contentType).toBe('application/pdf');
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))?.contentType).toBe('image/png');
    expect(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))?.contentType).toBe('image/jpeg');
  });

  it('refuses anything else, whatever it is called', () => {
    expect(sniffDocumentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffDocumentType(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull(); // a zip (docx)
    expect(sniffDocumentType(Buffer.from('%PDF'))).toBeNull(); // too short to be a PDF header
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull(); // a truncated PNG signature
    expect(sniffDocumentType(bytes())).toBeNull();
  });
});

describe('stored file names', () => {
  const pdf = sniffDocumentType(Buffer.from('%PDF-1.4'))!;
  it('keeps the given name without folders or control characters, with the sniffed extension', () => {
    expect(documentFileName('合同.pdf', pdf)).toBe('合同.pdf');
    expect(documentFileName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(documentFileName('C:\\scans\\invoice.exe', pdf)).toBe('invoice.pdf');
    expect(documentFileName('a\u0000b\r\n"c".png', pdf)).toBe('abc.pdf');
    expect(documentFileName(undefined, pdf)).toBe('document.pdf');
    expect(documentFileName('x'.repeat(500), pdf)).toHaveLength(194);
  });

  it('sends Chinese names in Content-Disposition with an ASCII fallback, a PDF as an attachment and an image inline', () => {
    expect(contentDisposition('合同 (1).pdf', 'application/pdf')).toBe(`attachment; filename="__ (1).pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C%20%281%29.pdf`);
    expect(contentDisposition('照片.png', 'image/png')).toMatch(/^inline; filename="__\.png"/);
  });
});
