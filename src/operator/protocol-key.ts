/**
 * The node's BLS protocol key file: 64 hex digits and a newline, readable by its owner only (the
 * format `floe node run` reads through src/node/config.ts `readProtocolKey`).
 */
import { chmod, writeFile } from 'node:fs/promises';
import { generateKeyPair } from '../crypto/bls.ts';
import { readProtocolKey } from '../node/config.ts';

/** Writes `secretKey` to `file` (mode 0600); `exclusive` refuses to replace an existing file. */
export async function writeProtocolKey(
  file: string,
  secretKey: Uint8Array,
  opts: { exclusive?: boolean } = {},
): Promise<void> {
  await writeFile(file, Buffer.from(secretKey).toString('hex') + '\n', {
    mode: 0o600,
    flag: opts.exclusive ? 'wx' : 'w',
  });
  // An existing file keeps its mode on write; make sure it is private.
  await chmod(file, 0o600);
}

/**
 * The secret key in `file`, or a new one written there when the file does not exist.
 * The caller zeroes the returned key after use.
 * @throws InvalidInputError (INVALID_PROTOCOL_KEY) when the file holds no key; fs errors.
 */
export async function loadOrCreateProtocolKey(
  file: string,
  randomBytes: (n: number) => Uint8Array,
): Promise<{ secretKey: Uint8Array; created: boolean }> {
  try {
    return { secretKey: await readProtocolKey(file), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { secretKey } = generateKeyPair(randomBytes);
  await writeProtocolKey(file, secretKey, { exclusive: true });
  return { secretKey, created: true };
}
