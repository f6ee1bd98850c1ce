import { deflateSync } from "node:zlib";
import sharp from "sharp";

/** A solid picture, made in memory: tests carry no binary fixtures. */
export function solidImage(width: number, height: number, color: string, format: "jpeg" | "png" | "webp" | "gif" | "tiff" | "avif" = "jpeg"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    [format]()
    .toBuffer();
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid, tiny PNG whose header claims width×height pixels: a decompression bomb if anything decoded it. */
export function pixelBombPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  // One compressed row of zeros: the stream is far shorter than the header promises.
  const data = deflateSync(Buffer.alloc(width + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", data),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The average colour of a region, to check what a rendition shows where. */
export async function averageColor(image: Buffer, region: { left: number; top: number; width: number; height: number }): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) {
    sums[0] += data[i] as number;
    sums[1] += data[i + 1] as number;
    sums[2] += data[i + 2] as number;
  }
  const pixels = data.length / info.channels;
  return sums.map((sum) => Math.round(sum / pixels)) as [number, number, number];
}
