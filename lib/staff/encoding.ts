import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AccessError } from '../site/errors';

/**
 * Reading the bytes of an uploaded CSV as text. Excel saves "CSV" in the system's code page: GBK
 * (GB18030) on Chinese Windows, UTF-16 for "Unicode text", UTF-8 with a byte order mark for
 * "CSV UTF-8". Decoding everything as UTF-8 stored Chinese names as U+FFFD; so we decide the
 * encoding, and refuse when we cannot decide rather than store wrong names.
 *
 * chardet alone is not enough: on a short roster of GBK names it answers ISO-8859-1 (about 40%
 * confidence), which decodes anything into mojibake. So certain answers come first (a byte order
 * mark, strictly valid UTF-8), then GB18030 when the bytes are valid GB18030 and read almost only as
 * GB2312 characters (the common Hanzi of names), and chardet's guess only when it is confident and
 * decodes cleanly.
 */

export type RefusalCode = 'workbook' | 'binary' | 'unknown' | 'replacement';

/** A file we will not read as text; `code` picks the sentence (course.roster.encoding.*) shown. */
export class EncodingRefusal extends AccessError {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(400, message);
  }
}

export interface DecodedText {
  text: string;
  /** The encoding it was read in, as iconv-lite names it (utf-8, utf-16le, utf-16be, gb18030, …). */
  encoding: string;
}

const REFUSALS: Record<RefusalCode, string> = {
  workbook: 'this is an Excel workbook, not a CSV file: in Excel choose File › Save As › "CSV UTF-8 (Comma delimited)"',
  binary: 'this file is not text (it holds control or NUL bytes); upload a CSV file',
  unknown: 'the file’s text encoding cannot be recognised (it is not UTF-8, UTF-16 or GBK/GB18030); save it as "CSV UTF-8" and upload it again',
  replacement: 'the file already contains broken characters (U+FFFD): it was saved with the wrong encoding; save it again as "CSV UTF-8" from the original',
};

function refuse(code: RefusalCode): never {
  throw new EncodingRefusal(code, REFUSALS[code]);
}

/** chardet's confidence (0–100) above which its guess is used for encodings we do not check ourselves. */
const CHARDET_CONFIDENT = 90;
/** Share of GB18030 two-byte characters that must be GB2312 (both bytes A1–FE) to call a file GBK. */
const GB2312_SHARE = 0.9;

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) refuse('workbook');
  const decoded = decide(buf);
  if (decoded.text.includes('\ufffd')) refuse('replacement');
  // Text has no C0 controls besides tab and line ends (the BOM is gone by now).
  if (hasControlCharacters(decoded.text)) refuse('binary');
  return decoded;
}

function decide(buf: Buffer): DecodedText {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return strictUtf8(buf.subarray(3)) ?? refuse('unknown');
  if (startsWith(buf, [0xff, 0xfe])) return { text: iconv.decode(buf.subarray(2), 'utf-16le', { stripBOM: false }), encoding: 'utf-16le' };
  if (startsWith(buf, [0xfe, 0xff])) return { text: iconv.decode(buf.subarray(2), 'utf-16be', { stripBOM: false }), encoding: 'utf-16be' };
  // UTF-16 without a byte order mark, or any binary file: text in a CSV never holds NUL.
  if (buf.includes(0)) refuse('binary');
  const utf8 = strictUtf8(buf);
  if (utf8) return utf8;

  const guesses = chardet.analyse(buf);
  const otherCjk = guesses.find((g) => /big5|shift_jis|euc-jp|euc-kr|iso-2022/i.test(g.name) && g.confidence >= 50);
  if (!otherCjk && looksLikeGbk(buf)) return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  const top = guesses[0];
  if (top && top.confidence >= CHARDET_CONFIDENT && iconv.encodingExists(top.name)) {
    const text = iconv.decode(buf, top.name);
    if (!text.includes('\ufffd') && iconv.encode(text, top.name).equals(buf)) return { text, encoding: top.name.toLowerCase() };
  }
  return refuse('unknown');
}

function strictUtf8(buf: Buffer): DecodedText | null {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return null;
  }
}

/**
 * Valid GB18030 that round-trips, and whose two-byte characters are nearly all GB2312: Latin-1
 * text such as "Müller" (FC 6C) can be valid GBK by accident, but its pairs have a trail byte
 * below A1, while the Hanzi of names are GB2312 (lead B0–F7, trail A1–FE).
 */
function looksLikeGbk(buf: Buffer): boolean {
  const text = iconv.decode(buf, 'gb18030');
  if (text.includes('\ufffd') || !iconv.encode(text, 'gb18030').equals(buf)) return false;
  let pairs = 0;
  let gb2312 = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const next = buf[i + 1] ?? 0;
    // A four-byte GB18030 sequence has a digit (30–39) as its second byte.
    if (next >= 0x30 && next <= 0x39) {
      i += 3;
      continue;
    }
    pairs++;
    if (b >= 0xa1 && next >= 0xa1) gb2312++;
    i++;
  }
  return pairs > 0 && gb2312 / pairs >= GB2312_SHARE;
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

function startsWith(buf: Buffer, prefix: number[]): boolean {
  return prefix.every((b, i) => buf[i] === b);
}
