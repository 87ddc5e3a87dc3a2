/**
 * Loads the Ed25519 key that signs Floe's Sui transactions, from `SUI_PRIVATE_KEY` (a bech32
 * `suiprivkey1...` string, what `sui keytool export` prints) or from a Sui keystore file
 * (`~/.sui/sui_config/sui.keystore`: a JSON array of base64 strings, each `flag || 32-byte key`,
 * flag 0 = Ed25519). Only Ed25519 keys are accepted.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { InvalidInputError } from '../../util/errors.ts';

/** Signature flag of Ed25519 in Sui's `flag || key` encodings. */
const ED25519_FLAG = 0;
const ED25519_SECRET_LENGTH = 32;

/** The default keystore path of the `sui` CLI. */
export function defaultKeystorePath(home: string = homedir()): string {
  return join(home, '.sui', 'sui_config', 'sui.keystore');
}

export interface LoadKeypairOptions {
  /** Environment to read `SUI_PRIVATE_KEY` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Keystore file (default `~/.sui/sui_config/sui.keystore`). */
  keystorePath?: string;
  /**
   * Which key of the keystore to use. Default: the only Ed25519 key; with several, the
   * `active_address` of the `client.yaml` next to the keystore.
   */
  address?: string;
  /** File reader, injectable for tests (default `fs.readFile` as UTF-8). */
  readText?: (path: string) => Promise<string>;
}

/**
 * Returns the signing key. `SUI_PRIVATE_KEY` wins over the keystore when set.
 * Throws `InvalidInputError` (code `SUI_KEY_INVALID`) when the key is not Ed25519 or does not
 * parse, and `InvalidInputError` (code `SUI_KEY_NOT_FOUND`) when no key matches.
 */
export async function loadSuiKeypair(opts: LoadKeypairOptions = {}): Promise<Ed25519Keypair> {
  const env = opts.env ?? process.env;
  const fromEnv = env.SUI_PRIVATE_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '')
    return keypairFromSuiPrivateKey(fromEnv.trim());

  const readText = opts.readText ?? ((p: string) => readFile(p, 'utf8'));
  const keystorePath = opts.keystorePath ?? defaultKeystorePath();
  let text: string;
  try {
    text = await readText(keystorePath);
  } catch (cause) {
    throw new InvalidInputError(
      `no SUI_PRIVATE_KEY set and the keystore ${keystorePath} cannot be read`,
      { code: 'SUI_KEY_NOT_FOUND', cause },
    );
  }
  const keys = parseKeystore(text, keystorePath);
  if (keys.length === 0) {
    throw new InvalidInputError(`keystore ${keystorePath} holds no Ed25519 key`, {
      code: 'SUI_KEY_NOT_FOUND',
    });
  }
  let wanted = opts.address;
  if (wanted === undefined && keys.length > 1) {
    wanted = await activeAddress(join(dirname(keystorePath), 'client.yaml'), readText);
  }
  if (wanted === undefined) return keys[0];
  const target = normalizeSuiAddress(wanted);
  const match = keys.find((k) => k.toSuiAddress() === target);
  if (match === undefined) {
    throw new InvalidInputError(`keystore ${keystorePath} has no Ed25519 key for ${target}`, {
      code: 'SUI_KEY_NOT_FOUND',
    });
  }
  return match;
}

/** Parses a `suiprivkey1...` string; throws `InvalidInputError` unless it is an Ed25519 key. */
export function keypairFromSuiPrivateKey(value: string): Ed25519Keypair {
  let parsed: ReturnType<typeof decodeSuiPrivateKey>;
  try {
    parsed = decodeSuiPrivateKey(value);
  } catch (cause) {
    throw new InvalidInputError('SUI_PRIVATE_KEY is not a suiprivkey bech32 string', {
      code: 'SUI_KEY_INVALID',
      cause,
    });
  }
  if (parsed.scheme !== 'ED25519') {
    throw new InvalidInputError(
      `SUI_PRIVATE_KEY is a ${parsed.scheme} key; Floe signs with Ed25519`,
      {
        code: 'SUI_KEY_INVALID',
      },
    );
  }
  try {
    return Ed25519Keypair.fromSecretKey(parsed.secretKey);
  } finally {
    parsed.secretKey.fill(0);
  }
}

/**
 * Parses keystore text into its Ed25519 keys (other schemes are skipped, since Floe cannot use
 * them). Throws `InvalidInputError` (`SUI_KEY_INVALID`) when the file is not a JSON array of
 * base64 strings.
 */
export function parseKeystore(text: string, path = 'keystore'): Ed25519Keypair[] {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`${path} is not JSON`, { code: 'SUI_KEY_INVALID', cause });
  }
  if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'string')) {
    throw new InvalidInputError(`${path} is not a JSON array of base64 strings`, {
      code: 'SUI_KEY_INVALID',
    });
  }
  const keys: Ed25519Keypair[] = [];
  for (const entry of entries as string[]) {
    const raw = fromBase64(entry);
    try {
      if (raw.length !== 1 + ED25519_SECRET_LENGTH || raw[0] !== ED25519_FLAG) continue;
      keys.push(Ed25519Keypair.fromSecretKey(raw.slice(1)));
    } finally {
      raw.fill(0);
    }
  }
  return keys;
}

/** Reads `active_address` from the CLI's `client.yaml`, or undefined when absent. */
async function activeAddress(
  path: string,
  readText: (path: string) => Promise<string>,
): Promise<string | undefined> {
  let text: string;
  try {
    text = await readText(path);
  } catch {
    // No client.yaml is a normal setup (keystore copied alone): the caller falls back to the first key.
    return undefined;
  }
  const match = /^active_address:\s*"?(0x[0-9a-fA-F]+)"?\s*$/m.exec(text);
  return match?.[1];
}
