// subset-font ships no types; the part of its API the PDF helpers use.
declare module 'subset-font' {
  export default function subsetFont(
    font: Uint8Array | Buffer,
    text: string,
    options?: {
      targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype';
      preserveNameIds?: number[];
      noLayoutClosure?: boolean;
    },
  ): Promise<Buffer>;
}
