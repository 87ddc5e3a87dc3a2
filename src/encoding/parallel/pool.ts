import type { EncodeBuffers, EncodeLayout } from '../encode-steps.ts';
export interface EncoderPool {
  encode(layout: EncodeLayout, bufs: EncodeBuffers): Promise<void>;
}
