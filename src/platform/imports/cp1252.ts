// Windows-1252 differs from ISO-8859-1 only in 0x80–0x9F, where it has printable characters
// (curly quotes, dashes, €). The five bytes it leaves undefined map to the C1 controls, as
// browsers decode them.
const high = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

/** Decodes Windows-1252 bytes, the encoding Excel's "CSV (comma delimited)" and many public data sets use. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const chunk = 8192;
  let out = '';
  const codes = new Array<number>(chunk);
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(start + chunk, bytes.length);
    codes.length = end - start;
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? (high[b - 0x80] as number) : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}
