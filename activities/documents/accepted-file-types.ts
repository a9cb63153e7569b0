// The document types Spinway accepts, each with the file extensions that may carry it and a
// test of the file's first bytes. The declared content type alone proves nothing: a client
// can label anything "application/pdf", so the bytes must agree with it.

export type FileFamily = 'PDF' | 'PNG' | 'JPEG' | 'WEBP' | 'OLE2' | 'OOXML_WORD' | 'OOXML_EXCEL' | 'OOXML_POWERPOINT' | 'ODT';

export interface AcceptedFileType {
  contentType: string;
  extensions: readonly string[];
  family: FileFamily;
  label: string;
}

export const ACCEPTED_FILE_TYPES: readonly AcceptedFileType[] = [
  { contentType: 'application/pdf', extensions: ['pdf'], family: 'PDF', label: 'a PDF' },
  { contentType: 'image/png', extensions: ['png'], family: 'PNG', label: 'a PNG image' },
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], family: 'JPEG', label: 'a JPEG image' },
  { contentType: 'image/webp', extensions: ['webp'], family: 'WEBP', label: 'a WebP image' },
  { contentType: 'application/msword', extensions: ['doc'], family: 'OLE2', label: 'a Word 97–2003 document' },
  { contentType: 'application/vnd.ms-excel', extensions: ['xls'], family: 'OLE2', label: 'an Excel 97–2003 workbook' },
  { contentType: 'application/vnd.ms-powerpoint', extensions: ['ppt'], family: 'OLE2', label: 'a PowerPoint 97–2003 presentation' },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    family: 'OOXML_WORD',
    label: 'a Word document',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    family: 'OOXML_EXCEL',
    label: 'an Excel workbook',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    family: 'OOXML_POWERPOINT',
    label: 'a PowerPoint presentation',
  },
  { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], family: 'ODT', label: 'an OpenDocument text' },
];

export function acceptedFileType(contentType: string): AcceptedFileType | undefined {
  return ACCEPTED_FILE_TYPES.find((type) => type.contentType === contentType);
}

const startsWith = (data: Buffer, bytes: readonly number[], offset = 0) =>
  data.length >= offset + bytes.length && bytes.every((byte, index) => data[offset + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];

/**
 * Office Open XML files are ZIP archives with a `[Content_Types].xml` entry and a folder named
 * after the application. Entry names are stored uncompressed in the local headers, so finding
 * them needs no unzipping.
 */
function isOoxml(data: Buffer, folder: string): boolean {
  return startsWith(data, ZIP_LOCAL_HEADER) && data.includes('[Content_Types].xml', 0, 'latin1') && data.includes(folder, 0, 'latin1');
}

/** An OpenDocument file starts with an uncompressed `mimetype` entry holding its media type. */
function isOpenDocument(data: Buffer, mediaType: string): boolean {
  const NAME_OFFSET = 30; // size of a ZIP local file header before the file name
  return (
    startsWith(data, ZIP_LOCAL_HEADER) &&
    startsWith(data, ascii('mimetype'), NAME_OFFSET) &&
    startsWith(data, ascii(mediaType), NAME_OFFSET + 'mimetype'.length)
  );
}

const MATCHES: Record<FileFamily, (data: Buffer) => boolean> = {
  PDF: (data) => startsWith(data, ascii('%PDF-')),
  PNG: (data) => startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  JPEG: (data) => startsWith(data, [0xff, 0xd8, 0xff]),
  WEBP: (data) => startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8),
  // Compound File Binary: the container of .doc, .xls and .ppt.
  OLE2: (data) => startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  OOXML_WORD: (data) => isOoxml(data, 'word/'),
  OOXML_EXCEL: (data) => isOoxml(data, 'xl/'),
  OOXML_POWERPOINT: (data) => isOoxml(data, 'ppt/'),
  ODT: (data) => isOpenDocument(data, 'application/vnd.oasis.opendocument.text'),
};

export function contentMatches(type: AcceptedFileType, data: Buffer): boolean {
  return MATCHES[type.family](data);
}
