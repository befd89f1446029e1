/** What a renderer wrote, as text: Output.write takes strings and, for large outputs, UTF-8 bytes. */
export const chunkText = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
