import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Whether (x, y) lies inside the polygon (even-odd rule). */
function inside(x: number, y: number, polygon: ReadonlyArray<readonly [number, number]>): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

/**
 * The demo units' seal image: a red ring with a five-pointed star, on a transparent square, as a
 * PNG (truecolour with alpha). Drawn here rather than shipped as a file: a real unit uploads the
 * image of its own seal (电子印章 in the console), and the demo needs one that is plainly a sample.
 */
export function demoSealPng(size = 240): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  const centre = (size - 1) / 2;
  const star: Array<[number, number]> = [];
  for (let point = 0; point < 10; point += 1) {
    const radius = (point % 2 === 0 ? 0.36 : 0.145) * size;
    const angle = -Math.PI / 2 + (point * Math.PI) / 5;
    star.push([centre + radius * Math.cos(angle), centre + radius * Math.sin(angle)]);
  }
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - centre, y - centre) / (size / 2);
      if ((distance > 0.86 && distance < 0.98) || inside(x, y, star)) row.set([0xd7, 0x00, 0x0f, 0xb4], 1 + x * 4);
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
