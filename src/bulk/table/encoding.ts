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
