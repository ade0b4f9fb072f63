import { crc32 } from 'node:zlib';
import { JPEG_BYTES, pngClaiming, sealPng } from '../../../../test/support/png';
import { checkPng } from './png-image';

describe('the seal image check', () => {
  it('accepts a round red seal with transparency and reads its size', () => {
    expect(checkPng(sealPng(120))).toEqual({ ok: true, facts: { width: 120, height: 120, colourType: 6, alpha: true } });
  });

  it('accepts an opaque truecolour image at the largest size allowed', () => {
    expect(checkPng(pngClaiming(2000, 2000))).toMatchObject({ ok: true, facts: { width: 2000, height: 2000, alpha: false } });
  });

  it.each([
    ['an empty body', Buffer.alloc(0), 'empty'],
    ['a JPEG', JPEG_BYTES, 'not_png'],
    ['text', Buffer.from('not an image at all'), 'not_png'],
    ['the signature alone', sealPng().subarray(0, 8), 'truncated'],
    ['a PNG cut short inside its image data', sealPng().subarray(0, 60), 'truncated'],
    ['a PNG without its end chunk', sealPng().subarray(0, sealPng().length - 12), 'truncated'],
    ['an image wider than 2000 pixels', pngClaiming(2001, 10), 'too_large'],
    ['an image of zero height', pngClaiming(10, 0), 'bad_header'],
  ])('refuses %s', (_, bytes, problem) => {
    expect(checkPng(bytes)).toEqual({ ok: false, problem });
  });

  it('refuses a PNG whose bytes changed after it was written (a chunk checksum fails)', () => {
    const altered = Buffer.from(sealPng());
    altered[40] = altered[40]! ^ 0xff;
    expect(checkPng(altered)).toEqual({ ok: false, problem: 'corrupt' });
  });

  it('refuses bytes after the end chunk', () => {
    expect(checkPng(Buffer.concat([sealPng(), Buffer.from('trailing')]))).toEqual({ ok: false, problem: 'corrupt' });
  });

  it('refuses a colour type with a bit depth the format does not allow', () => {
    const png = Buffer.from(pngClaiming(10, 10));
    png[16 + 8] = 4; // truecolour at 4 bits
    // The header's checksum is rewritten so that only the depth is wrong.
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    expect(checkPng(png)).toEqual({ ok: false, problem: 'bad_header' });
  });
});
