import iconv from "iconv-lite";

/** The encodings a table file may come in; single-byte ones are decoded through iconv-lite. */
export const tableEncodings = ["utf-8", "windows-1250", "windows-1251"] as const;
export type TableEncoding = (typeof tableEncodings)[number];

export function isTableEncoding(value: string): value is TableEncoding {
  return (tableEncodings as readonly string[]).includes(value);
}

const utf8Bom = [0xef, 0xbb, 0xbf];

export function hasUtf8Bom(sample: Buffer): boolean {
  return utf8Bom.every((byte, i) => sample[i] === byte);
}

function isValidUtf8(sample: Buffer, complete: boolean): boolean {
  // A sample cut from a larger file may end inside a multi-byte character: drop up to three trailing bytes.
  let end = sample.length;
  if (!complete) {
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && ((sample[end - back - 1] as number) & 0xc0) === 0x80) back++;
    if (end - back - 1 >= 0 && ((sample[end - back - 1] as number) & 0xc0) === 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

const asciiLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

/**
 * BOM, then valid UTF-8, else a single-byte code page told apart by how words look: Russian words
 * are made only of bytes above 0x7F (Cyrillic letters), Polish words mix ASCII letters with a few
 * diacritics (ą, ł, ż...). Each word with a high byte votes; ties and Latin majorities mean Windows-1250.
 */
export function detectEncoding(sample: Buffer, complete: boolean): TableEncoding {
  if (hasUtf8Bom(sample) || isValidUtf8(sample, complete)) return "utf-8";
  let cyrillicWords = 0;
  let latinWords = 0;
  let high = 0;
  let ascii = 0;
  const closeWord = () => {
    if (high > 0 && ascii === 0 && high >= 2) cyrillicWords++;
    else if (high > 0) latinWords++;
    high = 0;
    ascii = 0;
  };
  for (const byte of sample) {
    if (byte >= 0xc0 || (byte >= 0x80 && byte !== 0x96 && byte !== 0x97 && byte !== 0xa0)) high++;
    else if (asciiLetter(byte)) ascii++;
    else closeWord();
  }
  closeWord();
  return cyrillicWords > latinWords ? "windows-1251" : "windows-1250";
}

export function decodeStream(encoding: TableEncoding): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding, { stripBOM: true });
}

/**
 * Where a file mixes encodings, e.g. rows pasted from a UTF-8 file into a Windows-1250 one: some line
 * holds UTF-8 characters and another line bytes that are not UTF-8. Read as either encoding, one of
 * the two parts would turn into garbage without a word, so the file is refused instead. Null when not.
 */
export function mixedEncoding(sample: Buffer): string | null {
  if (hasUtf8Bom(sample)) return null;
  const strict = new TextDecoder("utf-8", { fatal: true });
  let utf8Line: number | null = null;
  let otherLine: number | null = null;
  let line = 0;
  let start = 0;
  // The last line may be cut in the middle of a character: it is not judged.
  for (let end = sample.indexOf(0x0a); end >= 0 && (utf8Line === null || otherLine === null); end = sample.indexOf(0x0a, start)) {
    line++;
    const bytes = sample.subarray(start, end);
    start = end + 1;
    if (!bytes.some((byte) => byte >= 0x80)) continue;
    try {
      const text = strict.decode(bytes);
      if (utf8Line === null && [...text].filter((char) => char.charCodeAt(0) >= 0x80).length >= 2) utf8Line = line;
    } catch {
      otherLine ??= line;
    }
  }
  return utf8Line !== null && otherLine !== null ? `line ${utf8Line} is UTF-8, line ${otherLine} is not` : null;
}
